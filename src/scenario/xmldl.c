// SPDX-License-Identifier: GPL-2.0-only
/* libxml2 loaded on first use: see xmldl.h for why. */
#define XMLDL_TABLE
#include "scenario/xmldl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

struct xmldl xmldl;

/* libxml2's soname: the ABI the headers were compiled against */
#define XMLDL_SONAME "libxml2.so.2"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char why[256];   /* empty: loaded */

static void load(void)
{
	void *h = dlopen(XMLDL_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		snprintf(why, sizeof(why), "cannot load %s, which reading a libvirt domain needs: %s", XMLDL_SONAME,
			 e ? e : "dlopen failed");
		return;
	}
	static const struct {
		const char *name;
		size_t off;
	} syms[] = {
#define S(field, sym) { #sym, offsetof(struct xmldl, field) }
		S(InitParser, xmlInitParser),
		S(NewParserCtxt, xmlNewParserCtxt),
		S(FreeParserCtxt, xmlFreeParserCtxt),
		S(CtxtReadMemory, xmlCtxtReadMemory),
		S(CtxtGetLastError, xmlCtxtGetLastError),
		S(StopParser, xmlStopParser),
		S(SAX2StartElementNs, xmlSAX2StartElementNs),
		S(DocGetRootElement, xmlDocGetRootElement),
		S(FreeDoc, xmlFreeDoc),
		S(GetLineNo, xmlGetLineNo),
		S(GetProp, xmlGetProp),
		S(NodeGetContent, xmlNodeGetContent),
		S(Strcmp, xmlStrcmp),
		S(SetGenericErrorFunc, xmlSetGenericErrorFunc),
		S(SetStructuredErrorFunc, xmlSetStructuredErrorFunc),
		S(GenericError, __xmlGenericError),
		S(GenericErrorContext, __xmlGenericErrorContext),
		S(StructuredError, __xmlStructuredError),
		S(StructuredErrorContext, __xmlStructuredErrorContext),
		S(Free, xmlFree),
#undef S
	};
	struct xmldl t = { 0 };
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		void *p = dlsym(h, syms[i].name);
		if (!p) {
			snprintf(why, sizeof(why), "%s has no %s, which reading a libvirt domain needs", XMLDL_SONAME,
				 syms[i].name);
			return;	/* the handle stays open: dlclose of a half-used libxml2 gains nothing */
		}
		/* every field is a pointer (to a function, or to xmlFree): POSIX lets dlsym's result be either */
		*(void **)((char *)&t + syms[i].off) = p;
	}
	xmldl = t;
	/* libxml2's global set-up is not thread-safe the first time: here, once */
	xmldl.InitParser();
}

int xmldl_load(char *err, size_t errlen)
{
	pthread_once(&once, load);
	if (!why[0])
		return 0;
	snprintf(err, errlen, "%s", why);
	return -1;
}
