// SPDX-License-Identifier: GPL-2.0-only
/* libirqsim's public snapshot entry points (include/irqsim/irqsim.h). */
#include <string.h>

#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "lib/oneline.h"
#include "lib/output.h"
#include "snapshot/snapshot_int.h"

_Thread_local jmp_buf *snap_oom_jmp;

#define SNAP_HELD_MAX 16
static _Thread_local struct {
	void *p;
	void (*release)(void *);
} held[SNAP_HELD_MAX];
static _Thread_local unsigned nr_held;

void snap_hold(void *p, void (*release)(void *))
{
	if (nr_held == SNAP_HELD_MAX)
		return;
	held[nr_held].p = p;
	held[nr_held++].release = release;
}

void snap_drop(const void *p)
{
	for (unsigned i = nr_held; i-- > 0;)
		if (held[i].p == p) {
			memmove(&held[i], &held[i + 1], (nr_held - i - 1) * sizeof(held[0]));
			nr_held--;
			return;
		}
}

void snapshot_release(void *s)
{
	snapshot_free(s);
}

void snap_release_ptr(void *pp)
{
	free(*(void **)pp);
}

/* Where the innermost snap_oom_call's own holds begin */
static _Thread_local unsigned oom_mark;

/*
 * Release what the innermost snap_oom_call's callees hold, then return to
 * it.  The releases run here, before the jump: what is held often lives in
 * the frames the jump abandons (a struct on a callee's stack), which the
 * release calls would overwrite if they ran after it.
 */
void snap_oom_jump(void)
{
	while (nr_held > oom_mark) {
		nr_held--;
		held[nr_held].release(held[nr_held].p);
	}
	longjmp(*snap_oom_jmp, 1);
}

int snap_oom_call(int (*fn)(void *), void *arg, void (*cleanup)(void *), char *err, size_t errlen)
{
	jmp_buf jb, *prev = snap_oom_jmp;
	unsigned mark = nr_held, prev_mark = oom_mark;
	/* a jump skips the callees' cpumask_end_all_words: the thread's width is put back here */
	volatile unsigned words = cpumask_nr_words;
	if (setjmp(jb)) {
		cpumask_nr_words = words;
		snap_oom_jmp = prev;
		oom_mark = prev_mark;
		nr_held = mark;
		if (cleanup)
			cleanup(arg);
		return nomem_error(err, errlen);
	}
	snap_oom_jmp = &jb;
	oom_mark = mark;
	int rc = fn(arg);
	snap_oom_jmp = prev;
	oom_mark = prev_mark;
	nr_held = mark;
	return rc;
}

/* collect or load into a zeroed snapshot, which a failure part-way leaves fit for snapshot_free */
struct read_call {
	const char *path;
	struct snapshot *s;
	char *err;
	size_t errlen;
	int (*read)(const char *path, struct snapshot *out, char *err, size_t errlen);
};

static int read_call(void *arg)
{
	struct read_call *c = arg;
	return c->read(c->path, c->s, c->err, c->errlen);
}

static void read_cleanup(void *arg)
{
	snapshot_free(((struct read_call *)arg)->s);
}

static int snapshot_read(const char *path, struct snapshot **out,
			 int (*read)(const char *path, struct snapshot *out, char *err, size_t errlen), char *err,
			 size_t errlen)
{
	struct snapshot *s = calloc(1, sizeof(*s));
	if (!s)
		return nomem_error(err, errlen);
	struct read_call c = { path, s, err, errlen, read };
	if (snap_oom_call(read_call, &c, read_cleanup, err, errlen)) {
		free(s);
		text_one_line(err); /* a trace's event names, a JSON token: no terminal escapes reach stderr */
		return -1;
	}
	*out = s;
	return 0;
}

struct of_sim_call {
	struct sim *sim;
	struct snapshot *s;
};

static int of_sim_call(void *arg)
{
	struct of_sim_call *c = arg;
	return snapshot_from_sim(c->sim, c->s);
}

static void of_sim_cleanup(void *arg)
{
	snapshot_free(((struct of_sim_call *)arg)->s);
}

/* -1 (errno ENOMEM) when an allocation fails: snapshot_from_sim's copies come back here (snap_oom) */
int irqsim_snapshot_of_sim(struct sim *sim, struct snapshot **out)
{
	/* the sim's masks are its nr_cpu_ids wide: read them at its width, whatever ran since */
	sim_select(sim);
	struct snapshot *s = calloc(1, sizeof(*s));
	if (!s)
		return nomem_error(NULL, 0);
	struct of_sim_call c = { sim, s };
	unsigned long nm = nomem_count;
	int rc = snap_oom_call(of_sim_call, &c, of_sim_cleanup, NULL, 0);
	if (!rc && nomem_since(nm, NULL, 0)) {
		snapshot_free(s);
		rc = -1;
	}
	if (rc) {
		free(s);
		return -1;
	}
	*out = s;
	return 0;
}

int irqsim_snapshot_collect(const char *root, struct snapshot **out, char *err, size_t errlen)
{
	return snapshot_read(root, out, snapshot_collect, err, errlen);
}

int irqsim_snapshot_load(const char *path, struct snapshot **out, char *err, size_t errlen)
{
	return snapshot_read(path, out, snapshot_load, err, errlen);
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
