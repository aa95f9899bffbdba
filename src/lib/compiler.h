/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef IRQSIM_LIB_COMPILER_H
#define IRQSIM_LIB_COMPILER_H

/*
 * Keep a function out of the fuzzers' coverage feedback, as the kernel's
 * __no_sanitize_coverage (include/linux/compiler_types.h) keeps code out of
 * KCOV.  For self-checks that run after every model operation (the
 * invariant checker): their branches never guide a fuzzer, and their
 * instrumented comparisons took a third of fuzz_run's time.  Only clang's
 * -fsanitize=fuzzer builds instrument; elsewhere it is empty.
 */
#if defined(__clang__)
/* noinline: inlined into an instrumented caller, the body is instrumented after all */
#define __no_sanitize_coverage __attribute__((no_sanitize("coverage"), noinline))
#else
#define __no_sanitize_coverage
#endif

/*
 * Bits set in a 64-bit word (the kernel's hweight64).  Without a popcnt
 * instruction in the target (x86-64's baseline has none) gcc calls
 * libgcc's __popcountdi2 for __builtin_popcountll, a table walk that was
 * 1% of seed 000's run; the arithmetic version is a dozen inline ops.
 */
static inline unsigned hweight64(unsigned long long w)
{
#if defined(__POPCNT__) || !defined(__x86_64__)
	return (unsigned)__builtin_popcountll(w);
#else
	w -= (w >> 1) & 0x5555555555555555ull;
	w = (w & 0x3333333333333333ull) + ((w >> 2) & 0x3333333333333333ull);
	w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (unsigned)((w * 0x0101010101010101ull) >> 56);
#endif
}

#endif
