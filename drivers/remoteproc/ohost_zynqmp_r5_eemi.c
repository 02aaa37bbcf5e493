// SPDX-License-Identifier: GPL-2.0
/*
 * Module ohost_zynqmp_r5: the ZynqMP platform firmware calls (EEMI, served
 * by TF-A and the PMU firmware) issued directly over SMCCC.
 *
 * Debian's 6.1 exports none of zynqmp_pm_request_wake, _force_pwrdwn,
 * _get_rpu_mode and friends, 6.12 exports them with a bug or two (see
 * Documentation), so the driver issues the SiP calls itself the same way
 * on both: x0 = 0xc2000000 | api, the u32 arguments paired into x1 and x2,
 * status in a0[31:0] and the payload in a0[63:32] and a1.  The conduit is
 * the firmware node's "method", as for the kernel's own firmware driver,
 * and every call is gated by zynqmp_pm_feature() as the kernel's are.
 */
#include <linux/arm-smccc.h>
#include <linux/device.h>
#include <linux/firmware/xlnx-zynqmp.h>
#include <linux/kernel.h>
#include <linux/of.h>

#include "ohost_zynqmp_r5.h"

/* EEMI status codes (xlnx-zynqmp.h's enum pm_ret_status) */
#define OHOST_ZR5_PM_RET_SUCCESS		0
#define OHOST_ZR5_PM_RET_INVALID_VERSION	4
#define OHOST_ZR5_PM_RET_NO_FEATURE		19
#define OHOST_ZR5_PM_RET_NO_ACCESS		2002
#define OHOST_ZR5_PM_RET_DOUBLE_REQ		2004
#define OHOST_ZR5_PM_RET_ABORT_SUSPEND		2005
#define OHOST_ZR5_PM_RET_MULT_USER		2008

/**
 * ohost_zr5_eemi_errno() - the errno of an EEMI status
 * @status: a0[31:0] of the call
 *
 * The same mapping as the kernel's firmware driver (zynqmp_pm_ret_code).
 *
 * Return: 0 or a negative errno.
 */
int ohost_zr5_eemi_errno(u32 status)
{
	switch (status) {
	case OHOST_ZR5_PM_RET_SUCCESS:
	case OHOST_ZR5_PM_RET_DOUBLE_REQ:
		return 0;
	case OHOST_ZR5_PM_RET_NO_FEATURE:
		return -ENOTSUPP;
	case OHOST_ZR5_PM_RET_INVALID_VERSION:
		return -EOPNOTSUPP;
	case OHOST_ZR5_PM_RET_NO_ACCESS:
		return -EACCES;
	case OHOST_ZR5_PM_RET_ABORT_SUSPEND:
		return -ECANCELED;
	case OHOST_ZR5_PM_RET_MULT_USER:
		return -EUSERS;
	default:
		return -EINVAL;
	}
}
EXPORT_SYMBOL_GPL(ohost_zr5_eemi_errno);

static const struct ohost_zr5_eemi *ohost_zr5_eemi(const struct ohost_zr5_fw *fw)
{
	return container_of(fw, struct ohost_zr5_eemi, fw);
}

/* One call; @payload (4 words, [0] = status) may be NULL. */
static int ohost_zr5_eemi_call(const struct ohost_zr5_fw *fw, u32 api, u32 a0,
			       u32 a1, u32 a2, u32 a3, u32 *payload)
{
	struct arm_smccc_res res;
	int ret;

	ret = zynqmp_pm_feature(api);
	if (ret < 0)
		return ret;
	ohost_zr5_eemi(fw)->conduit(OHOST_ZR5_PM_SIP_SVC | api,
				    ((u64)a1 << 32) | a0, ((u64)a3 << 32) | a2,
				    0, 0, 0, 0, 0, &res, NULL);
	if (payload) {
		payload[0] = lower_32_bits(res.a0);
		payload[1] = upper_32_bits(res.a0);
		payload[2] = lower_32_bits(res.a1);
		payload[3] = upper_32_bits(res.a1);
	}
	return ohost_zr5_eemi_errno(lower_32_bits(res.a0));
}

static int ohost_zr5_eemi_request_node(const struct ohost_zr5_fw *fw, u32 node,
				       u32 caps, u32 qos, u32 ack)
{
	return ohost_zr5_eemi_call(fw, OHOST_ZR5_PM_REQUEST_NODE, node, caps,
				   qos, ack, NULL);
}

static int ohost_zr5_eemi_release_node(const struct ohost_zr5_fw *fw, u32 node)
{
	return ohost_zr5_eemi_call(fw, OHOST_ZR5_PM_RELEASE_NODE, node, 0, 0, 0,
				   NULL);
}

static int ohost_zr5_eemi_request_wake(const struct ohost_zr5_fw *fw, u32 node,
				       bool set_addr, u64 addr, u32 ack)
{
	return ohost_zr5_eemi_call(fw, OHOST_ZR5_PM_REQUEST_WAKEUP, node,
				   lower_32_bits(addr) | set_addr,
				   upper_32_bits(addr), ack, NULL);
}

static int ohost_zr5_eemi_force_pwrdwn(const struct ohost_zr5_fw *fw, u32 node,
				       u32 ack)
{
	return ohost_zr5_eemi_call(fw, OHOST_ZR5_PM_FORCE_POWERDOWN, node, ack,
				   0, 0, NULL);
}

static int ohost_zr5_eemi_get_node_status(const struct ohost_zr5_fw *fw,
					  u32 node, u32 *status, u32 *req,
					  u32 *usage)
{
	u32 p[4];
	int ret;

	ret = ohost_zr5_eemi_call(fw, OHOST_ZR5_PM_GET_NODE_STATUS, node, 0, 0,
				  0, p);
	if (ret)
		return ret;
	*status = p[1];
	*req = p[2];
	*usage = p[3];
	return 0;
}

static int ohost_zr5_eemi_set_rpu_mode(const struct ohost_zr5_fw *fw, u32 node,
				       u32 mode)
{
	return ohost_zr5_eemi_call(fw, OHOST_ZR5_PM_IOCTL, node,
				   OHOST_ZR5_IOCTL_SET_RPU_MODE, mode, 0, NULL);
}

/* The mode is payload[1] (6.12's zynqmp_pm_get_rpu_mode reads the status). */
static int ohost_zr5_eemi_get_rpu_mode(const struct ohost_zr5_fw *fw, u32 node,
				       u32 *mode)
{
	u32 p[4];
	int ret;

	ret = ohost_zr5_eemi_call(fw, OHOST_ZR5_PM_IOCTL, node,
				  OHOST_ZR5_IOCTL_GET_RPU_MODE, 0, 0, p);
	if (!ret)
		*mode = p[1];
	return ret;
}

static int ohost_zr5_eemi_set_tcm_config(const struct ohost_zr5_fw *fw,
					 u32 node, u32 mode)
{
	return ohost_zr5_eemi_call(fw, OHOST_ZR5_PM_IOCTL, node,
				   OHOST_ZR5_IOCTL_TCM_COMB, mode, 0, NULL);
}

static const struct ohost_zr5_fw_ops ohost_zr5_eemi_ops = {
	.request_node = ohost_zr5_eemi_request_node,
	.release_node = ohost_zr5_eemi_release_node,
	.request_wake = ohost_zr5_eemi_request_wake,
	.force_pwrdwn = ohost_zr5_eemi_force_pwrdwn,
	.get_node_status = ohost_zr5_eemi_get_node_status,
	.set_rpu_mode = ohost_zr5_eemi_set_rpu_mode,
	.get_rpu_mode = ohost_zr5_eemi_get_rpu_mode,
	.set_tcm_config = ohost_zr5_eemi_set_tcm_config,
};

/**
 * ohost_zr5_eemi_init() - an SMCCC backend over a given conduit
 * @e: the backend
 * @conduit: __arm_smccc_smc or __arm_smccc_hvc (or a test's recorder)
 */
void ohost_zr5_eemi_init(struct ohost_zr5_eemi *e, ohost_zr5_conduit_fn conduit)
{
	e->fw.ops = &ohost_zr5_eemi_ops;
	e->conduit = conduit;
}
EXPORT_SYMBOL_GPL(ohost_zr5_eemi_init);

/**
 * ohost_zr5_eemi_probe() - the backend of this system's firmware
 * @dev: the cluster (for the message)
 * @e: filled in
 *
 * Needs the xlnx,zynqmp-firmware node and the kernel's firmware driver
 * answering (zynqmp_pm_get_api_version()).
 *
 * Return: 0, or -ENODEV (logged once) without a firmware interface.
 */
int ohost_zr5_eemi_probe(struct device *dev, struct ohost_zr5_eemi *e)
{
	struct device_node *np;
	const char *method = NULL;
	u32 version = 0;
	int ret;

	np = of_find_compatible_node(NULL, NULL, "xlnx,zynqmp-firmware");
	if (np)
		of_property_read_string(np, "method", &method);
	of_node_put(np);
	ret = np ? zynqmp_pm_get_api_version(&version) : -ENODEV;
	if (ret || !method ||
	    (strcmp(method, "smc") && strcmp(method, "hvc")))
		return dev_err_probe(dev, -ENODEV,
				     "no ZynqMP firmware interface (%s): needs an xlnx,zynqmp-firmware node with method \"smc\" or \"hvc\" and its zynqmp_firmware driver\n",
				     !np ? "no firmware node" :
				     ret ? "zynqmp_pm_get_api_version failed" :
				     "bad method");
	ohost_zr5_eemi_init(e, strcmp(method, "hvc") ? __arm_smccc_smc :
			    __arm_smccc_hvc);
	dev_dbg(dev, "EEMI v%u.%u over %s\n", version >> 16, version & 0xffff,
		method);
	return 0;
}
EXPORT_SYMBOL_GPL(ohost_zr5_eemi_probe);
