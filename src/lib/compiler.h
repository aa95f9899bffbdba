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

#endif
