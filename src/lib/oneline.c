// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>

#include "lib/oneline.h"

char *text_one_line(char *s)
{
	for (char *p = s; *p; p++)
		if (iscntrl((unsigned char)*p))
			*p = '?';
	return s;
}
