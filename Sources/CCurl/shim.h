#ifndef SATCHEL_CCURL_SHIM_H
#define SATCHEL_CCURL_SHIM_H

#include <curl/curl.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

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

/* Guarded fetching (SatchelFetch): the address check happens when curl opens a socket, so what is
   checked is what is connected to. The callback returns CURL_SOCKET_BAD to refuse an address. */
typedef curl_socket_t (*satchel_curl_opensocket_callback)(void *clientp, curlsocktype purpose, struct curl_sockaddr *address);

static inline CURLcode satchel_curl_setopt_opensocket_callback(CURL *handle, satchel_curl_opensocket_callback value) {
    return curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, value);
}

/* The address curl is about to connect to: 4 for IPv4 (bytes in network order into out[0..3]), 6 for
   IPv6 (out[0..15]), 0 for any other family. The port, in host order, goes into *port. */
static inline int satchel_curl_sockaddr_read(const struct curl_sockaddr *address, unsigned char out[16], unsigned int *port) {
    if (address->family == AF_INET && address->addrlen >= sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)&address->addr;
        memcpy(out, &v4->sin_addr, 4);
        *port = ntohs(v4->sin_port);
        return 4;
    }
    if (address->family == AF_INET6 && address->addrlen >= sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)&address->addr;
        memcpy(out, &v6->sin6_addr, 16);
        *port = ntohs(v6->sin6_port);
        return 6;
    }
    return 0;
}

/* Opens the socket curl asked for (close-on-exec), as curl would without an open-socket callback. */
static inline curl_socket_t satchel_curl_open_socket(const struct curl_sockaddr *address) {
#ifdef SOCK_CLOEXEC
    return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
#else
    return socket(address->family, address->socktype, address->protocol);
#endif
}

/* curl_multi_info_read's message: the handle that finished and its result. */
static inline CURLcode satchel_curl_message_result(const CURLMsg *message) {
    return message->data.result;
}

#endif
