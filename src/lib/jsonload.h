/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * json_loadb with its allocation failures counted (lib/nomem.h): jansson
 * 2.14 reports a failure inside its lexer as a syntax error, which would
 * reach the user as a wrong message about a valid document.
 */
#ifndef IRQSIM_LIB_JSONLOAD_H
#define IRQSIM_LIB_JSONLOAD_H

#include <jansson.h>

/* 0 and *out; -1 with je describing a real syntax error; -ENOMEM (counted) when memory ran out */
int json_load_counted(const char *buf, size_t len, size_t flags, json_t **out, json_error_t *je);

#endif
