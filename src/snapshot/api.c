// SPDX-License-Identifier: GPL-2.0-only
/* libirqsim's public snapshot entry points (include/irqsim/irqsim.h). */
#include "irqsim/irqsim.h"
#include "lib/oneline.h"
#include "lib/output.h"
#include "snapshot/snapshot_int.h"

int irqsim_snapshot_collect(const char *root, struct snapshot **out, char *err, size_t errlen)
{
	struct snapshot *s = xmalloc(sizeof(*s));
	if (snapshot_collect(root, s, err, errlen)) {
		free(s);
		text_one_line(err); /* it quotes the files' own text: no terminal escapes reach stderr */
		return -1;
	}
	*out = s;
	return 0;
}

int irqsim_snapshot_load(const char *path, struct snapshot **out, char *err, size_t errlen)
{
	struct snapshot *s = xmalloc(sizeof(*s));
	if (snapshot_load(path, s, err, errlen)) {
		free(s);
		text_one_line(err); /* a trace's event names, a JSON token: no terminal escapes reach stderr */
		return -1;
	}
	*out = s;
	return 0;
}

int irqsim_snapshot_of_sim(struct sim *sim, struct snapshot **out)
{
	struct snapshot *s = xmalloc(sizeof(*s));
	if (snapshot_from_sim(sim, s)) {
		free(s);
		return -1;
	}
	*out = s;
	return 0;
}

int irqsim_snapshot_write(const struct snapshot *snap, FILE *out)
{
	return output_result(out, snapshot_write_json(snap, out), NULL, 0);
}

void irqsim_snapshot_free(struct snapshot *snap)
{
	if (!snap)
		return;
	snapshot_free(snap);
	free(snap);
}
