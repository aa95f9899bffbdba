/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libxml2, loaded when a libvirt domain is first read (dlopen), not when the
 * program starts: libxml2 brings ICU and libstdc++ with it, and the dynamic
 * loader mapping and relocating them was 0.8 ms of every irqsim command's
 * start (1.43 ms against 0.64 ms for an empty program linked with and
 * without -lxml2), though only the libvirt conversion uses them.
 *
 * Only libvirt.c includes this, after libxml2's own headers: the names it
 * calls become the entries of the table xmldl_load fills.  A program that
 * links libxml2 itself (the allocation-failure tests set its allocator
 * hooks) gets the same copy back from dlopen, hooks included.
 */
#ifndef IRQSIM_XMLDL_H
#define IRQSIM_XMLDL_H

#include <stddef.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

struct xmldl {
	__typeof__(xmlInitParser) *InitParser;
	__typeof__(xmlNewParserCtxt) *NewParserCtxt;
	__typeof__(xmlFreeParserCtxt) *FreeParserCtxt;
	__typeof__(xmlCtxtReadMemory) *CtxtReadMemory;
	__typeof__(xmlCtxtGetLastError) *CtxtGetLastError;
	__typeof__(xmlStopParser) *StopParser;
	__typeof__(xmlSAX2StartElementNs) *SAX2StartElementNs;
	__typeof__(xmlDocGetRootElement) *DocGetRootElement;
	__typeof__(xmlFreeDoc) *FreeDoc;
	__typeof__(xmlGetLineNo) *GetLineNo;
	__typeof__(xmlGetProp) *GetProp;
	__typeof__(xmlNodeGetContent) *NodeGetContent;
	__typeof__(xmlStrcmp) *Strcmp;
	__typeof__(xmlSetGenericErrorFunc) *SetGenericErrorFunc;
	__typeof__(xmlSetStructuredErrorFunc) *SetStructuredErrorFunc;
	/* the per-thread error handlers (libxml2's globals.h reaches them through these) */
	__typeof__(__xmlGenericError) *GenericError;
	__typeof__(__xmlGenericErrorContext) *GenericErrorContext;
	__typeof__(__xmlStructuredError) *StructuredError;
	__typeof__(__xmlStructuredErrorContext) *StructuredErrorContext;
	/* a variable of libxml2's: the deallocator of what it returns */
	xmlFreeFunc *Free;
};

extern struct xmldl xmldl;

/*
 * Load libxml2 and fill the table, once per process (thread-safe); then
 * xmlInitParser.  0, or -1 with dlopen's or dlsym's reason in err.
 */
int xmldl_load(char *err, size_t errlen);

#ifndef XMLDL_TABLE
#define xmlInitParser xmldl.InitParser
#define xmlNewParserCtxt xmldl.NewParserCtxt
#define xmlFreeParserCtxt xmldl.FreeParserCtxt
#define xmlCtxtReadMemory xmldl.CtxtReadMemory
#define xmlCtxtGetLastError xmldl.CtxtGetLastError
#define xmlStopParser xmldl.StopParser
#define xmlSAX2StartElementNs xmldl.SAX2StartElementNs
#define xmlDocGetRootElement xmldl.DocGetRootElement
#define xmlFreeDoc xmldl.FreeDoc
#define xmlGetLineNo xmldl.GetLineNo
#define xmlGetProp xmldl.GetProp
#define xmlNodeGetContent xmldl.NodeGetContent
#define xmlStrcmp xmldl.Strcmp
#define xmlSetGenericErrorFunc xmldl.SetGenericErrorFunc
#define xmlSetStructuredErrorFunc xmldl.SetStructuredErrorFunc
#undef xmlGenericError
#undef xmlGenericErrorContext
#undef xmlStructuredError
#undef xmlStructuredErrorContext
#undef xmlFree
#define xmlGenericError (*xmldl.GenericError())
#define xmlGenericErrorContext (*xmldl.GenericErrorContext())
#define xmlStructuredError (*xmldl.StructuredError())
#define xmlStructuredErrorContext (*xmldl.StructuredErrorContext())
#define xmlFree (*xmldl.Free)
#endif

#endif
