// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only: turn the host's ivshmem doorbell into the ZynqMP IPI
 * interrupt on QEMU's virt machine (tools/testing/zynqmp).  A host process
 * playing the R5 rings MSI-X vector 0 of an ivshmem-doorbell device; this
 * module's handler marks the SPI of the device tree's IPI mailbox node
 * pending in the GIC, so the stock zynqmp-ipi driver takes its interrupt
 * as on a ZynqMP.  It binds only when the device tree has such a node:
 * on any other machine it loads and stays idle.  Never part of a driver.
 */
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/pci.h>

static unsigned int doorbells;
module_param(doorbells, uint, 0444);
MODULE_PARM_DESC(doorbells, "doorbells turned into IPI interrupts so far");

static unsigned int ipi_irq;

static irqreturn_t bridge_irq(int irq, void *data)
{
	int ret = irq_set_irqchip_state(ipi_irq, IRQCHIP_STATE_PENDING, true);

	if (ret)
		pr_err_ratelimited("ohost_testhook_ipi_bridge: cannot raise irq %u: %d\n",
				   ipi_irq, ret);
	else
		WRITE_ONCE(doorbells, doorbells + 1);
	return IRQ_HANDLED;
}

static void bridge_free_vectors(void *pdev)
{
	pci_free_irq_vectors(pdev);
}

static int bridge_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);
	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSIX);
	if (ret < 0)
		return dev_err_probe(&pdev->dev, ret, "no MSI-X vector\n");
	ret = devm_add_action_or_reset(&pdev->dev, bridge_free_vectors, pdev);
	if (ret)
		return ret;
	ret = devm_request_irq(&pdev->dev, pci_irq_vector(pdev, 0), bridge_irq,
			       0, "ohost_ipi_bridge", NULL);
	if (ret)
		return dev_err_probe(&pdev->dev, ret, "cannot request MSI-X\n");
	dev_info(&pdev->dev, "doorbell vector 0 raises IPI irq %u\n", ipi_irq);
	return 0;
}

static const struct pci_device_id bridge_ids[] = {
	{ PCI_DEVICE(0x1af4, 0x1110) },	/* ivshmem */
	{ }
};

static struct pci_driver bridge_driver = {
	.name = "ohost_testhook_ipi_bridge",
	.id_table = bridge_ids,
	.probe = bridge_probe,
};

static bool bridge_registered;

static int __init bridge_init(void)
{
	struct device_node *np;
	int ret;

	np = of_find_compatible_node(NULL, NULL, "xlnx,zynqmp-ipi-mailbox");
	if (!np)
		return 0;	/* not the ZynqMP test machine: stay idle */
	ipi_irq = irq_of_parse_and_map(np, 0);
	of_node_put(np);
	if (!ipi_irq) {
		pr_err("ohost_testhook_ipi_bridge: IPI node has no interrupt\n");
		return -ENODEV;
	}
	ret = pci_register_driver(&bridge_driver);
	if (ret)
		return ret;
	bridge_registered = true;
	return 0;
}
module_init(bridge_init);

static void __exit bridge_exit(void)
{
	if (bridge_registered)
		pci_unregister_driver(&bridge_driver);
}
module_exit(bridge_exit);

MODULE_DESCRIPTION("Test only: ivshmem doorbell to ZynqMP IPI interrupt on QEMU virt");
MODULE_LICENSE("GPL");
