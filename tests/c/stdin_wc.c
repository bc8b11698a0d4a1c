/* Word count over stdin (lines, words, bytes) plus letter frequencies,
 * reading with getchar in a loop until EOF. */
#include <stdio.h>
#include <ctype.h>

int main(void) {
    long lines = 0, words = 0, bytes = 0;
    long freq[26] = {0};
    int in_word = 0, c;
    while ((c = getchar()) != EOF) {
        bytes++;
        if (c == '\n') lines++;
        if (isspace(c)) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            words++;
        }
        if (isalpha(c)) freq[tolower(c) - 'a']++;
    }
    printf("%ld %ld %ld\n", lines, words, bytes);
    for (int i = 0; i < 26; i++)
        if (freq[i]) printf("%c:%ld ", 'a' + i, freq[i]);
    printf("\n");
    printf("eof=%d error=%d\n", feof(stdin) != 0, ferror(stdin) != 0);
    return 0;
}
