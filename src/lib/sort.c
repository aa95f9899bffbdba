// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ports of the kernel's lib/sort.c heapsort (sort_r() as called by sort()
 * with no swap callback).  Written from the algorithm's description; the
 * element-level sequence of comparisons and swaps is the kernel's, which is
 * what fixes the final order of elements that compare equal.
 *
 * Both variants are bottom-up heapsorts over a max-heap stored in the array
 * (children of i are 2i+1 and 2i+2):
 *
 *  - 5.1 .. 6.x (lines up to 6.8): build the heap by
 *    sifting down elements num/2-1 .. 0, then repeatedly swap the root with
 *    the last heap element and sift the new root down.
 *  - 6.11+ (switch sort_double_pop): the heap build is the same but the descent prefers
 *    the right child on ties; extraction pops two maxima per round (root and
 *    the larger child of the root), re-sifting the child slot and then the
 *    root; the last two or three elements are finished off specially.
 */
#include "lib/sort.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

struct sort_ctx {
	unsigned char *base;
	size_t size;
	int (*cmp)(const void *, const void *);
};

static inline void *elem(const struct sort_ctx *c, size_t i)
{
	return c->base + i * c->size;
}

static inline int cmp_at(const struct sort_ctx *c, size_t i, size_t j)
{
	return c->cmp(elem(c, i), elem(c, j));
}

/* Byte-wise exchange; the kernel's word swaps have the same effect. */
static void swap_at(const struct sort_ctx *c, size_t i, size_t j)
{
	unsigned char *p = elem(c, i), *q = elem(c, j);
	unsigned char tmp[64];
	size_t left = c->size;

	while (left) {
		size_t chunk = left < sizeof(tmp) ? left : sizeof(tmp);
		memcpy(tmp, p, chunk);
		memcpy(p, q, chunk);
		memcpy(q, tmp, chunk);
		p += chunk;
		q += chunk;
		left -= chunk;
	}
}

static inline size_t heap_parent(size_t i)
{
	return (i - 1) / 2;
}

/*
 * lib/sort.c: sort_r, sift-down step.  Move element @a into its place in the
 * heap [a, n): first descend from @a to a leaf, always to the larger child
 * (on equal children: the left one if @left_on_tie, else the right one),
 * then climb back up while the element at @a is not smaller than the node
 * reached, and finally rotate @a into that node, shifting the path between
 * them up one level.
 */
static void sift_down(const struct sort_ctx *c, size_t a, size_t n, bool left_on_tie)
{
	size_t b = a, l, r;

	for (;;) {
		l = 2 * b + 1;
		r = l + 1;
		if (r >= n)
			break;
		int d = cmp_at(c, l, r);
		b = (left_on_tie ? d >= 0 : d > 0) ? l : r;
	}
	if (r == n)		/* last leaf is a left child without sibling */
		b = l;

	while (b != a && cmp_at(c, a, b) >= 0)
		b = heap_parent(b);

	size_t target = b;
	while (b != a) {
		b = heap_parent(b);
		swap_at(c, b, target);
	}
}

/* lib/sort.c: sort_r as of v5.1 .. v6.x (bottom-up heapsort) */
static void heapsort_v51(const struct sort_ctx *c, size_t num)
{
	size_t n = num, a = num / 2;

	if (a == 0)
		return;
	for (;;) {
		if (a > 0) {
			a--;			/* heap construction */
		} else {
			if (--n == 0)		/* extraction finished */
				break;
			swap_at(c, 0, n);	/* root -> end of heap */
		}
		sift_down(c, a, n, true);
	}
}

/* lib/sort.c: sort_r after the double-pop rewrite (6.12) */
static void heapsort_v612(const struct sort_ctx *c, size_t num)
{
	size_t n = num, a = num / 2;
	unsigned shift = 0;

	if (a == 0)
		return;
	for (;;) {
		if (a > 0) {
			a -= (size_t)1 << shift;
		} else if (n > 3) {
			/* pop the root, then the larger of its two children */
			n--;
			swap_at(c, 0, n);
			shift = cmp_at(c, 1, 2) <= 0;
			a = (size_t)1 << shift;
			n--;
			swap_at(c, a, n);
		} else {
			break;
		}
		sift_down(c, a, n, false);
	}
	/* two or three elements left: root is the maximum */
	n--;
	swap_at(c, 0, n);
	if (n == 2 && cmp_at(c, 0, 1) > 0)
		swap_at(c, 0, 1);
}

void kernel_sort(void *base, size_t num, size_t size,
		 int (*cmp)(const void *, const void *), bool double_pop)
{
	struct sort_ctx c = { .base = base, .size = size, .cmp = cmp };

	if (size == 0 || num < 2)
		return;
	if (double_pop)
		heapsort_v612(&c, num);
	else
		heapsort_v51(&c, num);
}
