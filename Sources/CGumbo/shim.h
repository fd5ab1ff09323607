#ifndef SATCHEL_CGUMBO_SHIM_H
#define SATCHEL_CGUMBO_SHIM_H

/* Gumbo (libgumbo-dev): an HTML5 tree builder that follows the HTML Standard's parsing algorithm.
   Only SatchelCapture's GumboParser.swift imports this module. */
#include <gumbo.h>

#endif
