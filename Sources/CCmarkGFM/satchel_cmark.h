// cmark-gfm (Debian's libcmark-gfm-dev and libcmark-gfm-extensions-dev): CommonMark with GitHub's
// extensions, behind Sources/SatchelMarkdown.
#ifndef SATCHEL_CMARK_H
#define SATCHEL_CMARK_H
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#endif
