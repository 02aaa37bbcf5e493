// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test: a KUnit suite with one passing and one deliberately
 * failing case.  The harness must count both and fail the run
 * (tools/testing/runs/selftest-kunit-fail).
 */
#include <kunit/test.h>
#include <linux/module.h>

static void ohost_selftest_passes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 2 + 2, 4);
}

static void ohost_selftest_fails_deliberately(struct kunit *test)
{
	KUNIT_EXPECT_EQ_MSG(test, 2 + 2, 5, "deliberate failure for the harness");
}

static struct kunit_case ohost_selftest_cases[] = {
	KUNIT_CASE(ohost_selftest_passes),
	KUNIT_CASE(ohost_selftest_fails_deliberately),
	{}
};

static struct kunit_suite ohost_selftest_suite = {
	.name = "ohost_selftest",
	.test_cases = ohost_selftest_cases,
};

kunit_test_suite(ohost_selftest_suite);

MODULE_DESCRIPTION("openamp-host harness self-test: a failing KUnit case");
MODULE_LICENSE("GPL");
