// SPDX-License-Identifier: GPL-2.0-only
/*
 * The doctor's headroom for kinds without managed vectors is computed from
 * the seeded matrix (capacity.c: nonmanaged_free) instead of adding devices
 * one by one: both must give the same count and the same "then:" reason,
 * for every kind, on machines from 1 CPU up, with CPUs offline, on each
 * kernel line with a matrix.  The search is quadratic in CPUs, so the
 * machines stay small here; tests/doctor/check-cpus compares the doctor's
 * whole output with the search's up to 8192 CPUs.
 */
#include "simutil.h"

#include "doctor/doctor.h"
#include "snapshot/snapshot.h"

/* kinds the doctor sizes by default, plus non-managed ones given with --add */
static const char *const adds[] = {
	NULL,
	"virtio-blk-pci,num-queues=4,managed-affinity=off",
	"virtio-net-pci,queues=3",
	"virtio-net-pci",
};

static void same_headroom(const char *scn, const char *kernel)
{
	struct sim *s = run_text(scn, kernel);
	struct snapshot snap;
	assert_int_equal(snapshot_from_sim(s, &snap), 0);
	irqsim_free(s);
	for (size_t a = 0; a < TU_ARRAY_SIZE(adds); a++) {
		struct doctor fast, slow;
		char err[300];
		assert_int_equal(doctor_build(&fast, &snap, kernel, err, sizeof(err)), 0);
		assert_int_equal(doctor_build(&slow, &snap, kernel, err, sizeof(err)), 0);
		slow.capacity_by_search = true;
		assert_int_equal(doctor_capacity(&fast, adds[a], err, sizeof(err)), 0);
		assert_int_equal(doctor_capacity(&slow, adds[a], err, sizeof(err)), 0);
		assert_int_equal(fast.nr_cap, slow.nr_cap);
		for (size_t k = 0; k < fast.nr_cap; k++) {
			if (fast.cap[k].estimate != slow.cap[k].estimate || strcmp(fast.cap[k].limit, slow.cap[k].limit))
				fail_msg("%s (kernel %s), %s: computed %d '%s', searched %d '%s'", scn, kernel,
					 fast.cap[k].kind, fast.cap[k].estimate, fast.cap[k].limit, slow.cap[k].estimate,
					 slow.cap[k].limit);
		}
		doctor_free(&fast);
		doctor_free(&slow);
	}
	snapshot_free(&snap);
}

static void test_headroom_computed_equals_searched(void **state)
{
	static const unsigned cpus[] = { 1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 33, 63, 64, 65, 80, 127, 129 };
	static const char *const kernels[] = { "6.1", "6.12", "4.18" };
	char scn[512];
	(void)state;
	for (size_t k = 0; k < TU_ARRAY_SIZE(kernels); k++)
		for (size_t i = 0; i < TU_ARRAY_SIZE(cpus); i++) {
			snprintf(scn, sizeof(scn), "smp %u\nboot\n", cpus[i]);
			same_headroom(scn, kernels[k]);
			/* managed disks and nvme queues on the matrix, half the possible CPUs not present */
			snprintf(scn, sizeof(scn),
				 "machine q35\nsmp %u,maxcpus=%u\n"
				 "device pcie-root-port,id=rp0,chassis=1\ndevice pcie-root-port,id=rp1,chassis=2\n"
				 "device virtio-blk-pci,id=vda,bus=rp0,num-queues=4\ndevice nvme,id=nvme0,bus=rp1\nboot\n",
				 cpus[i], 2 * cpus[i]);
			same_headroom(scn, kernels[k]);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headroom_computed_equals_searched),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
