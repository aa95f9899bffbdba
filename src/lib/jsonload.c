// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "lib/jsonload.h"
#include "lib/nomem.h"

int json_load_counted(const char *buf, size_t len, size_t flags, json_t **out, json_error_t *je)
{
	json_error_t local;
	if (!je)
		je = &local;
	if ((*out = json_loadb(buf, len, flags, je)))
		return 0;
	if (json_error_code(je) != json_error_out_of_memory && je->text[0]) {
		/* a real syntax error is found again at the same place; a failed allocation most likely is not */
		json_error_t again;
		json_t *r2 = json_loadb(buf, len, flags, &again);
		if (!r2 && again.position == je->position && !strcmp(again.text, je->text))
			return -1;
		json_decref(r2);
	}
	return nomem();
}
