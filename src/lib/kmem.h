/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A simulation's own small-object allocator, in the manner of the kernel's
 * kmalloc caches: blocks of 16-byte size classes carved from 16 KB chunks,
 * a freed block kept on its class's list for the next allocation of that
 * class, every chunk released at once with the simulation.
 *
 * Why: a probe allocates and frees irq descriptors, actions, MSI
 * descriptors, affinity masks and virtqueue tables, and undoes a failed
 * virtio attempt before the next; through glibc's malloc those were a
 * fifth of seed 000's simulation (8,000 allocations a run, most of them
 * fresh blocks split off the heap top, which glibc's per-thread cache does
 * not serve).  Here a fresh block is a pointer bump and a reused one a
 * list pop.
 *
 * One kmem belongs to one simulation and is used by one thread at a time.
 * A block records its class in a 16-byte header; kmem_free checks it, so a
 * block freed twice or a pointer from elsewhere ends the program with a
 * message rather than corrupting the lists.  Under AddressSanitizer the
 * free blocks and the unused chunk tails are poisoned (a use after free is
 * still reported) and kmem_destroy reports blocks never freed, as
 * LeakSanitizer would have.  Blocks larger than the largest class come
 * from malloc, with the same header.
 */
#ifndef IRQSIM_LIB_KMEM_H
#define IRQSIM_LIB_KMEM_H

#include <stddef.h>
#include <stdint.h>

#define KMEM_ALIGN 16u
#define KMEM_CLASSES 64u /* classes of 16 .. 1024 bytes */
#define KMEM_MAX ((size_t)KMEM_CLASSES * KMEM_ALIGN)
#define KMEM_CHUNK 16384u

struct kmem_chunk;

struct kmem {
	char *cur, *end;		  /* the unused tail of the newest chunk */
	struct kmem_chunk *chunks;	  /* every chunk, newest first */
	void *free[KMEM_CLASSES + 1];	  /* per class, the freed blocks (LIFO); [0] unused */
	unsigned long live;		  /* blocks allocated and not yet freed */
};

/* The header before each block: what kmem_free checks and needs. */
struct kmem_hdr {
	uint32_t magic;	 /* KMEM_LIVE or KMEM_FREED */
	uint32_t cls;	 /* size class (1 .. KMEM_CLASSES), 0: from malloc */
	uint64_t unused; /* keeps the block 16-byte aligned */
};

#define KMEM_LIVE 0x6b6d656du
#define KMEM_FREED 0x66726565u

/* Out-of-line parts: a new chunk, a large block, the checks that fail. */
void *kmem_alloc_slow(struct kmem *k, size_t size);
void kmem_free_slow(struct kmem *k, struct kmem_hdr *h);

#if defined(__SANITIZE_ADDRESS__)
#define KMEM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KMEM_ASAN 1
#endif
#endif

/*
 * size bytes, uninitialised, 16-byte aligned; NULL when out of memory
 * (counted, lib/nomem.h).  Sanitizer builds take the checked path always.
 */
static inline void *kmem_alloc(struct kmem *k, size_t size)
{
#ifndef KMEM_ASAN
	size_t cls = (size + KMEM_ALIGN - 1) / KMEM_ALIGN;
	if (size && cls <= KMEM_CLASSES) {
		struct kmem_hdr *h = k->free[cls];
		if (h) {
			k->free[cls] = *(void **)(h + 1);
		} else if ((size_t)(k->end - k->cur) >= sizeof(*h) + cls * KMEM_ALIGN) {
			h = (struct kmem_hdr *)(void *)k->cur;
			k->cur += sizeof(*h) + cls * KMEM_ALIGN;
			h->cls = (uint32_t)cls;
		} else {
			return kmem_alloc_slow(k, size);
		}
		h->magic = KMEM_LIVE;
		k->live++;
		return h + 1;
	}
#endif
	return kmem_alloc_slow(k, size);
}

/*
 * kmem_alloc and zeroed.  Out of line: inlined with a constant size, gcc
 * zeroes with "rep stos", whose start-up cost made the 208-byte pci_dev's
 * zeroing 60% of pci_add_device_at's time; libc's memset is much cheaper.
 */
void *kmem_zalloc(struct kmem *k, size_t size);

/* Give back a block of k (NULL: nothing). */
static inline void kmem_free(struct kmem *k, void *p)
{
	if (!p)
		return;
	struct kmem_hdr *h = (struct kmem_hdr *)p - 1;
#ifndef KMEM_ASAN
	if (h->magic == KMEM_LIVE && h->cls) {
		h->magic = KMEM_FREED;
		*(void **)p = k->free[h->cls];
		k->free[h->cls] = h;
		k->live--;
		return;
	}
#endif
	kmem_free_slow(k, h);
}

/* Release every chunk; under AddressSanitizer, report blocks still live and abort. */
void kmem_destroy(struct kmem *k);

#endif
