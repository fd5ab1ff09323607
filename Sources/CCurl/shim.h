#ifndef SATCHEL_CCURL_SHIM_H
#define SATCHEL_CCURL_SHIM_H

#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are C variadics, which Swift cannot
   call; these typed wrappers give Swift one entry point per argument type. */

typedef size_t (*satchel_curl_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);

static inline CURLcode satchel_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode satchel_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode satchel_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode satchel_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode satchel_curl_setopt_write_callback(CURL *handle, CURLoption option, satchel_curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}

/* CURLOPT_HEADERFUNCTION takes the same signature as CURLOPT_WRITEFUNCTION; a separate setter keeps
   call sites saying which one they set. */
static inline CURLcode satchel_curl_setopt_header_callback(CURL *handle, satchel_curl_write_callback value) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, value);
}

typedef int (*satchel_curl_xferinfo_callback)(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);

/* Progress callback; returning non-zero aborts the transfer (used for task cancellation). */
static inline CURLcode satchel_curl_setopt_xferinfo_callback(CURL *handle, satchel_curl_xferinfo_callback value) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, value);
}

static inline CURLcode satchel_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode satchel_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode satchel_curl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode satchel_curl_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
