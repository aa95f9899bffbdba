// SPDX-License-Identifier: GPL-2.0-only
#include "scenario/shell.h"

#include <errno.h>
#include <stdio.h>

const char *shell_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case EPERM: return "Operation not permitted";
	case ENOENT: return "No such file or directory";
	case EIO: return "Input/output error";
	case ENOMEM: return "Cannot allocate memory";
	case EACCES: return "Permission denied";
	case EBUSY: return "Device or resource busy";
	case ENODEV: return "No such device";
	case EINVAL: return "Invalid argument";
	case ENOSPC: return "No space left on device";
	case ERANGE: return "Numerical result out of range";
	case ENOSYS: return "Function not implemented";
	case EOVERFLOW: return "Value too large for defined data type";
	default: return "Unknown error";
	}
}

void shell_redirect_error(char *buf, size_t len, const char *path, int err, int at_open)
{
	int e = err < 0 ? -err : err;
	if (at_open)
		snprintf(buf, len, "sh: can't create %s: %s", path,
			 e == ENOENT || e == ENOTDIR ? "nonexistent directory" : shell_strerror(e));
	else
		snprintf(buf, len, "sh: write error: %s", shell_strerror(e));
}
