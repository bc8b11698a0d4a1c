/* A small stack-based bytecode VM with a compiler-free assembler: runs
 * programs computing primes, factorials (via calls) and a collatz search. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

enum op { PUSH, POP, DUP, SWAP, OVER, ADD, SUB, MUL, DIV, MOD, LT, EQ, JMP, JZ, JNZ, LOAD, STORE, PRINT, CALL, RET, HALT };
static const char *const opnames[] = {"push", "pop", "dup", "swap", "over", "add", "sub", "mul", "div", "mod", "lt",
                                      "eq", "jmp", "jz", "jnz", "load", "store", "print", "call", "ret", "halt"};

struct vm {
    int64_t stack[256];
    int sp;
    int32_t rstack[64];
    int rsp;
    int64_t vars[16];
    uint64_t steps;
    uint32_t opcount[HALT + 1];
};

static int run(struct vm *m, const int32_t *code) {
    int pc = 0;
    for (;;) {
        int32_t op = code[pc++];
        m->steps++;
        m->opcount[op]++;
        int64_t a, b;
        switch (op) {
        case PUSH: m->stack[m->sp++] = code[pc++]; break;
        case POP: m->sp--; break;
        case DUP: m->stack[m->sp] = m->stack[m->sp - 1]; m->sp++; break;
        case SWAP: a = m->stack[m->sp - 1]; m->stack[m->sp - 1] = m->stack[m->sp - 2]; m->stack[m->sp - 2] = a; break;
        case OVER: m->stack[m->sp] = m->stack[m->sp - 2]; m->sp++; break;
        case ADD: b = m->stack[--m->sp]; m->stack[m->sp - 1] += b; break;
        case SUB: b = m->stack[--m->sp]; m->stack[m->sp - 1] -= b; break;
        case MUL: b = m->stack[--m->sp]; m->stack[m->sp - 1] *= b; break;
        case DIV: b = m->stack[--m->sp]; if (!b) return -1; m->stack[m->sp - 1] /= b; break;
        case MOD: b = m->stack[--m->sp]; if (!b) return -1; m->stack[m->sp - 1] %= b; break;
        case LT: b = m->stack[--m->sp]; m->stack[m->sp - 1] = m->stack[m->sp - 1] < b; break;
        case EQ: b = m->stack[--m->sp]; m->stack[m->sp - 1] = m->stack[m->sp - 1] == b; break;
        case JMP: pc = code[pc]; break;
        case JZ: a = m->stack[--m->sp]; pc = a ? pc + 1 : code[pc]; break;
        case JNZ: a = m->stack[--m->sp]; pc = a ? code[pc] : pc + 1; break;
        case LOAD: m->stack[m->sp++] = m->vars[code[pc++]]; break;
        case STORE: m->vars[code[pc++]] = m->stack[--m->sp]; break;
        case PRINT: printf("%lld\n", (long long)m->stack[--m->sp]); break;
        case CALL: m->rstack[m->rsp++] = pc + 1; pc = code[pc]; break;
        case RET: pc = m->rstack[--m->rsp]; break;
        case HALT: return 0;
        default: return -2;
        }
    }
}

int main(void) {
    static int32_t prog[256];
    /* primes below 60, by trial division; labels are patched after emission */
    int n = 0;
#define E(...) do { int32_t t_[] = {__VA_ARGS__}; memcpy(prog + n, t_, sizeof t_); n += (int)(sizeof t_ / sizeof t_[0]); } while (0)
    int L_loop, L_inner, L_prime, L_next, L_end;
    int fix_end, fix_prime, fix_next, fix_inner_back;
    E(PUSH, 2, STORE, 0);
    L_loop = n;
    E(LOAD, 0, PUSH, 60, LT, JZ, 0); fix_end = n - 1;
    E(PUSH, 2, STORE, 1);
    L_inner = n;
    E(LOAD, 0, LOAD, 1, LOAD, 1, MUL, LT, JNZ, 0); fix_prime = n - 1;
    E(LOAD, 0, LOAD, 1, MOD, JZ, 0); fix_next = n - 1;
    E(LOAD, 1, PUSH, 1, ADD, STORE, 1, JMP, 0); fix_inner_back = n - 1;
    L_prime = n;
    E(LOAD, 0, PRINT);
    L_next = n;
    E(LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, L_loop);
    L_end = n;
    E(HALT);
    prog[fix_end] = L_end;
    prog[fix_prime] = L_prime;
    prog[fix_next] = L_next;
    prog[fix_inner_back] = L_inner;

    struct vm m;
    memset(&m, 0, sizeof m);
    int r = run(&m, prog);
    printf("primes: status=%d steps=%llu\n", r, (unsigned long long)m.steps);

    /* factorial via CALL/RET: fact(n) computed iteratively in a subroutine */
    n = 0;
    int L_fact, fix_call, fix_call2, fix_loop_end, L_floop;
    E(PUSH, 10, CALL, 0); fix_call = n - 1;
    E(PRINT, PUSH, 20, CALL, 0); fix_call2 = n - 1;
    E(PRINT, HALT);
    L_fact = n;                       /* stack: k -> k! */
    E(STORE, 2, PUSH, 1, STORE, 3);   /* k in v2, acc in v3 */
    L_floop = n;
    E(LOAD, 2, JZ, 0); fix_loop_end = n - 1;
    E(LOAD, 3, LOAD, 2, MUL, STORE, 3, LOAD, 2, PUSH, 1, SUB, STORE, 2, JMP, L_floop);
    prog[fix_loop_end] = n;
    E(LOAD, 3, RET);
    prog[fix_call] = L_fact;
    prog[fix_call2] = L_fact;
    memset(&m, 0, sizeof m);
    r = run(&m, prog);
    printf("fact: status=%d steps=%llu\n", r, (unsigned long long)m.steps);

    /* division by zero is caught by the VM, not the host */
    n = 0;
    E(PUSH, 1, PUSH, 0, DIV, HALT);
    memset(&m, 0, sizeof m);
    printf("div0: status=%d\n", run(&m, prog));

    /* collatz: longest chain below 3000 */
    n = 0;
    int L_outer, L_c, L_even, L_cont, fx1, fx2, fx3, fx4;
    E(PUSH, 1, STORE, 0, PUSH, 0, STORE, 5, PUSH, 0, STORE, 6);
    L_outer = n;
    E(LOAD, 0, PUSH, 3000, LT, JZ, 0); fx1 = n - 1;
    E(LOAD, 0, STORE, 1, PUSH, 0, STORE, 2);
    L_c = n;
    E(LOAD, 1, PUSH, 1, EQ, JNZ, 0); fx2 = n - 1;
    E(LOAD, 2, PUSH, 1, ADD, STORE, 2);
    E(LOAD, 1, PUSH, 2, MOD, JZ, 0); fx3 = n - 1;
    E(LOAD, 1, PUSH, 3, MUL, PUSH, 1, ADD, STORE, 1, JMP, L_c);
    L_even = n;
    E(LOAD, 1, PUSH, 2, DIV, STORE, 1, JMP, L_c);
    L_cont = n;
    E(LOAD, 5, LOAD, 2, LT, JZ, 0); fx4 = n - 1;
    E(LOAD, 2, STORE, 5, LOAD, 0, STORE, 6);
    prog[fx4] = n;
    E(LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, L_outer);
    prog[fx1] = n;
    E(LOAD, 6, PRINT, LOAD, 5, PRINT, HALT);
    prog[fx2] = L_cont;
    prog[fx3] = L_even;
    memset(&m, 0, sizeof m);
    r = run(&m, prog);
    printf("collatz: status=%d steps=%llu\n", r, (unsigned long long)m.steps);
    for (int i = 0; i <= HALT; i++)
        if (m.opcount[i]) printf("%s=%u ", opnames[i], m.opcount[i]);
    printf("\n");
    return 0;
}
