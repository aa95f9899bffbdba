// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulation's small-object allocator (lib/kmem.h): alignment, reuse
 * of a freed block by its class only, zeroing, blocks past the largest
 * class, chunks crossed, the live count, and a double free ending the
 * program (in a forked child) rather than corrupting the lists.
 */
#include "testutil.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/kmem.h"

static void test_align_and_reuse(void **state)
{
	(void)state;
	struct kmem k = { 0 };
	void *a = kmem_alloc(&k, 40), *b = kmem_alloc(&k, 40), *c = kmem_alloc(&k, 100);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_int_equal((uintptr_t)a % KMEM_ALIGN, 0);
	assert_int_equal((uintptr_t)c % KMEM_ALIGN, 0);
	assert_true(a != b && b != c);
	assert_int_equal(k.live, 3);
	memset(a, 0xaa, 40);
	kmem_free(&k, a);
	assert_int_equal(k.live, 2);
	/* another class does not take the freed block; its own class does, last freed first */
	void *d = kmem_alloc(&k, 100);
	assert_ptr_not_equal(d, a);
	void *e = kmem_zalloc(&k, 33); /* 33..48 bytes: the class of 40 */
	assert_ptr_equal(e, a);
	for (size_t i = 0; i < 33; i++)
		assert_int_equal(((unsigned char *)e)[i], 0);
	kmem_free(&k, b);
	kmem_free(&k, c);
	kmem_free(&k, d);
	kmem_free(&k, e);
	kmem_free(&k, NULL);
	assert_int_equal(k.live, 0);
	kmem_destroy(&k);
}

static void test_large_and_chunks(void **state)
{
	(void)state;
	struct kmem k = { 0 };
	/* past the largest class: from malloc, still counted and freed by kmem_free */
	char *big = kmem_alloc(&k, KMEM_MAX + 1);
	assert_non_null(big);
	memset(big, 1, KMEM_MAX + 1);
	/* enough blocks to cross several chunks, each keeping its content */
	enum { N = 3 * KMEM_CHUNK / 64 };
	static unsigned *p[N];
	for (unsigned i = 0; i < N; i++) {
		p[i] = kmem_alloc(&k, 48);
		assert_non_null(p[i]);
		*p[i] = i;
	}
	for (unsigned i = 0; i < N; i++)
		assert_int_equal(*p[i], i);
	assert_int_equal(k.live, N + 1);
	for (unsigned i = 0; i < N; i++)
		kmem_free(&k, p[i]);
	kmem_free(&k, big);
	assert_int_equal(k.live, 0);
	/* size 0 is a valid, distinct block */
	void *z = kmem_alloc(&k, 0);
	assert_non_null(z);
	kmem_free(&k, z);
	kmem_destroy(&k);
	assert_null(k.chunks);
}

/* A block freed twice ends the program with a message (exit by SIGABRT). */
static void test_double_free_aborts(void **state)
{
	(void)state;
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* the message is expected: keep the test's output clean */
		if (!freopen("/dev/null", "w", stderr))
			_exit(3);
		struct kmem k = { 0 };
		void *a = kmem_alloc(&k, 24);
		kmem_free(&k, a);
		kmem_free(&k, a);
		_exit(0);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGABRT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_align_and_reuse),
		cmocka_unit_test(test_large_and_chunks),
		cmocka_unit_test(test_double_free_aborts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
