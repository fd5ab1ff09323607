#ifndef SATCHEL_CZIP_SHIM_H
#define SATCHEL_CZIP_SHIM_H

/* libzip (libzip-dev): reads and writes ZIP archives, with deflate. Only SatchelArchive imports this module. */
#include <zip.h>

#endif
