/* The string library: lengths, comparisons, searching, tokenizing, copying,
 * memmove with overlap in both directions, case conversion, strdup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

static int sign(int x) { return (x > 0) - (x < 0); }

int main(void) {
    const char *s = "The quick brown fox jumps over the lazy dog";
    printf("strlen=%zu\n", strlen(s));
    printf("strcmp: %d %d %d %d\n", sign(strcmp("abc", "abd")), sign(strcmp("abc", "abc")),
           sign(strcmp("b", "abc")), sign(strcmp("", "a")));
    printf("strncmp: %d %d\n", sign(strncmp("abcdef", "abcxyz", 3)), sign(strncmp("abcdef", "abcxyz", 4)));
    printf("memcmp: %d %d\n", sign(memcmp("\x01\xff", "\x01\x01", 2)), sign(memcmp("aa", "ab", 1)));
    printf("strchr: %s\n", strchr(s, 'q'));
    printf("strrchr: %s\n", strrchr(s, 'o'));
    printf("strstr: %s | %s | %d\n", strstr(s, "fox"), strstr(s, "the"), strstr(s, "cat") == NULL);
    printf("strstr empty: %d\n", strstr(s, "") == s);
    printf("strspn=%zu strcspn=%zu\n", strspn("aaabbbccc", "ab"), strcspn(s, "xyz"));
    printf("strpbrk: %s\n", strpbrk(s, "jkl"));

    char buf[128];
    strcpy(buf, "one,two;;three , four;five");
    int n = 0;
    for (char *tok = strtok(buf, ",; "); tok; tok = strtok(NULL, ",; ")) printf("tok[%d]=%s\n", n++, tok);

    char m[32] = "0123456789abcdefghij";
    memmove(m + 5, m, 10);
    printf("memmove fwd: %s\n", m);
    strcpy(m, "0123456789abcdefghij");
    memmove(m, m + 5, 10);
    printf("memmove back: %s\n", m);
    strcpy(m, "0123456789abcdefghij");
    memmove(m + 1, m, 19);
    printf("memmove by one: %s\n", m);
    char big[1000];
    for (int i = 0; i < 1000; i++) big[i] = (char)('a' + i % 26);
    memmove(big + 3, big, 997);
    memmove(big + 100, big + 350, 600);
    unsigned h = 0;
    for (int i = 0; i < 1000; i++) h = h * 31 + (unsigned char)big[i];
    printf("big memmove hash=%u\n", h);
    memset(big, 'x', 10);
    big[10] = 0;
    printf("memset: %s\n", big);

    char dst[40] = "head";
    strcat(dst, "-tail");
    strncat(dst, "123456", 3);
    printf("strcat: %s\n", dst);
    char pad[10];
    memset(pad, '#', sizeof pad);
    strncpy(pad, "ab", 6);
    printf("strncpy: %d %d %d %d %c\n", pad[0], pad[2], pad[5], pad[6] == '#', pad[1]);
    char *d = strdup(s);
    for (char *p = d; *p; p++) *p = (char)toupper((unsigned char)*p);
    printf("upper: %s\n", d);
    free(d);
    char *nd = strndup(s, 9);
    printf("strndup: [%s]\n", nd);
    free(nd);
    int alpha = 0, digit = 0, space = 0, punct = 0;
    for (const char *p = "Hello, World! 123 _x"; *p; p++) {
        alpha += isalpha((unsigned char)*p) != 0;
        digit += isdigit((unsigned char)*p) != 0;
        space += isspace((unsigned char)*p) != 0;
        punct += ispunct((unsigned char)*p) != 0;
    }
    printf("ctype: %d %d %d %d\n", alpha, digit, space, punct);
    printf("memchr: %s\n", (char *)memchr(s, 'z', strlen(s)));
    return 0;
}
