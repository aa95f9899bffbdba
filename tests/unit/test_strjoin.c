// SPDX-License-Identifier: GPL-2.0-only
/* lib/strjoin.h against snprintf's contract: truncation, termination, the full length returned. */
#include "testutil.h"

#include <stdio.h>

#include "lib/strjoin.h"

static void check_join(const char *a, const char *b, const char *c, size_t len)
{
	char got[32], want[32];
	memset(got, 'x', sizeof(got));
	memset(want, 'x', sizeof(want));
	int n = str_join(got, len, a, b, c);
	int m = snprintf(want, len, "%s%s%s", a ? a : "", b ? b : "", c ? c : "");
	assert_int_equal(n, m);
	assert_memory_equal(got, want, sizeof(got));
}

static void test_join_like_snprintf(void **state)
{
	(void)state;
	for (size_t len = 0; len <= 24; len++) {
		check_join("virtio12", "-", "req.0", len);
		check_join("IR-", "PCI-MSIX-", "0000:00:03.0", len);
		check_join("", NULL, "x", len);
		check_join(NULL, NULL, NULL, len);
	}
}

static void test_join_uint(void **state)
{
	(void)state;
	char buf[16];
	assert_int_equal(str_join_uint(buf, sizeof(buf), "virtio", 0), 7);
	assert_string_equal(buf, "virtio0");
	assert_int_equal(str_join_uint(buf, sizeof(buf), "virtio", 4294967295u), 16);
	assert_string_equal(buf, "virtio429496729");
	assert_int_equal(str_join_uint(buf, 1, "virtio", 7), 7);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_join_like_snprintf),
		cmocka_unit_test(test_join_uint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
