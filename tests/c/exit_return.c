/* Exit status from returning a value from main. */
#include <stdio.h>

int main(void) {
    printf("returning 42\n");
    return 42;
}
