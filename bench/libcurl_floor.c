/// The memory floor of bench/agent_cycle.sh: a process that does nothing but what every
/// libcurl client must (curl_global_init, one GET, exit). Its peak RSS is what the shared
/// libraries alone cost on this machine (Debian's libcurl pulls in GnuTLS, Kerberos, LDAP,
/// libssh2 ... beside OpenSSL), so the agent's own share is the difference.
/// Plain C, so that not even libstdc++ is loaded. Usage: libcurl_floor URL
#include <stdio.h>

#include <curl/curl.h>

static size_t discard(char* data, size_t size, size_t n, void* user) {
  (void)data;
  (void)user;
  return size * n;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fputs("usage: libcurl_floor URL\n", stderr);
    return 2;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 1;
  CURL* curl = curl_easy_init();
  if (curl == NULL) return 1;
  curl_easy_setopt(curl, CURLOPT_URL, argv[1]);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  curl_global_cleanup();
  if (rc != CURLE_OK) {
    fprintf(stderr, "libcurl_floor: %s\n", curl_easy_strerror(rc));
    return 1;
  }
  return 0;
}
