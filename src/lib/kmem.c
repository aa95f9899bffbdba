// SPDX-License-Identifier: GPL-2.0-only
/*
 * The slow paths of the simulation's small-object allocator (lib/kmem.h):
 * a new chunk, blocks past the largest class, the checks on a free, and
 * under AddressSanitizer every path, with the free blocks poisoned.
 */
#include "lib/kmem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/nomem.h"

#ifdef KMEM_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

struct kmem_chunk {
	struct kmem_chunk *next;
	uint64_t pad; /* the blocks after it stay 16-byte aligned */
};

static size_t block_bytes(size_t cls)
{
	return sizeof(struct kmem_hdr) + cls * KMEM_ALIGN;
}

/* A fresh chunk; what was left of the previous one stays unused. */
static int new_chunk(struct kmem *k)
{
	struct kmem_chunk *c = nomem_check(malloc(KMEM_CHUNK));
	if (!c)
		return -1;
	c->next = k->chunks;
	k->chunks = c;
	k->cur = (char *)(c + 1);
	k->end = (char *)c + KMEM_CHUNK;
	POISON(k->cur, (size_t)(k->end - k->cur));
	return 0;
}

/* A block of class cls from its free list or the chunk's tail, unpoisoned; NULL when out of memory. */
static struct kmem_hdr *class_block(struct kmem *k, size_t cls)
{
	struct kmem_hdr *h = k->free[cls];
	if (h) {
		UNPOISON(h, block_bytes(cls));
		k->free[cls] = *(void **)(h + 1);
		return h;
	}
	if ((size_t)(k->end - k->cur) < block_bytes(cls) && new_chunk(k))
		return NULL;
	h = (struct kmem_hdr *)(void *)k->cur;
	k->cur += block_bytes(cls);
	UNPOISON(h, block_bytes(cls));
	h->cls = (uint32_t)cls;
	return h;
}

void *kmem_alloc_slow(struct kmem *k, size_t size)
{
	size_t cls = (size + KMEM_ALIGN - 1) / KMEM_ALIGN;
	struct kmem_hdr *h;
	if (!cls)
		cls = 1;
	if (cls <= KMEM_CLASSES) {
		if (!(h = class_block(k, cls)))
			return NULL;
	} else {
		if (size > SIZE_MAX - sizeof(*h)) {
			nomem();
			return NULL;
		}
		if (!(h = nomem_check(malloc(sizeof(*h) + size))))
			return NULL;
		h->cls = 0;
	}
	h->magic = KMEM_LIVE;
	k->live++;
	/* the header and the class's slack past size stay out of bounds */
	if (cls <= KMEM_CLASSES)
		POISON((char *)(h + 1) + size, cls * KMEM_ALIGN - size);
	POISON(h, sizeof(*h));
	return h + 1;
}

static void kmem_bug(const char *what, const void *p)
{
	fprintf(stderr, "irqsim: internal error: kmem_free of %p: %s\n", p, what);
	abort();
}

void kmem_free_slow(struct kmem *k, struct kmem_hdr *h)
{
	UNPOISON(h, sizeof(*h));
	if (h->magic == KMEM_FREED)
		kmem_bug("freed twice", h + 1);
	if (h->magic != KMEM_LIVE)
		kmem_bug("not a kmem block", h + 1);
	k->live--;
	if (!h->cls) {
		free(h);
		return;
	}
	h->magic = KMEM_FREED;
	UNPOISON(h + 1, h->cls * KMEM_ALIGN);
	*(void **)(h + 1) = k->free[h->cls];
	k->free[h->cls] = h;
	/* the header stays readable: the next free of this block must see KMEM_FREED */
	POISON(h + 1, h->cls * KMEM_ALIGN);
}

void *kmem_zalloc(struct kmem *k, size_t size)
{
	void *p = kmem_alloc(k, size);
	if (p)
		memset(p, 0, size);
	return p;
}

void kmem_destroy(struct kmem *k)
{
#ifdef KMEM_ASAN
	/* what LeakSanitizer reported when these blocks came from malloc */
	if (k->live) {
		fprintf(stderr, "irqsim: internal error: %lu kmem blocks never freed\n", k->live);
		abort();
	}
#endif
	while (k->chunks) {
		struct kmem_chunk *n = k->chunks->next;
		UNPOISON(k->chunks, KMEM_CHUNK);
		free(k->chunks);
		k->chunks = n;
	}
	memset(k, 0, sizeof(*k));
}
