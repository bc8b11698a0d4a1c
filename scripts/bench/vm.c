/* An interpreter: a stack-based bytecode VM (switch dispatch, locals, calls
 * and returns) running a program that counts primes by trial division and
 * sums Collatz path lengths. Indirect branches and a load/store-heavy
 * operand stack: scalar. Usage: vm [SCALE]   (default 5; 1 for a quick check) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, DIV, MOD, LT, EQ, JMP, JZ, CALL, RET, POP, HALT, AND, SHR };

/* Bytecode: ops and immediates in one int32 array, assembled at start-up
 * (labels are easier to keep right in code than in a literal array). */
static int32_t code[512];
static int pc_;
static void emit(int32_t v) { code[pc_++] = v; }

static void assemble(void) {
    /* main: locals 0 limit, 1 i, 2 primes, 3 steps */
    emit(PUSH); emit(2); emit(STORE); emit(1);
    emit(PUSH); emit(0); emit(STORE); emit(2);
    emit(PUSH); emit(0); emit(STORE); emit(3);
    int loop = pc_;
    emit(LOAD); emit(1); emit(LOAD); emit(0); emit(LT); emit(JZ); int fix_done = pc_; emit(0);
    emit(LOAD); emit(1); emit(CALL); int fix_isprime = pc_; emit(0); emit(1);
    emit(LOAD); emit(2); emit(ADD); emit(STORE); emit(2);
    emit(LOAD); emit(1); emit(CALL); int fix_collatz = pc_; emit(0); emit(1);
    emit(LOAD); emit(3); emit(ADD); emit(STORE); emit(3);
    emit(LOAD); emit(1); emit(PUSH); emit(1); emit(ADD); emit(STORE); emit(1);
    emit(JMP); emit(loop);
    code[fix_done] = pc_;
    emit(LOAD); emit(2); emit(LOAD); emit(3); emit(HALT);
    /* isprime(n): locals 0 n, 1 d */
    code[fix_isprime] = pc_;
    emit(PUSH); emit(2); emit(STORE); emit(1);
    int l2 = pc_;
    emit(LOAD); emit(1); emit(LOAD); emit(1); emit(MUL); emit(LOAD); emit(0); emit(PUSH); emit(1);
    emit(ADD); emit(LT); emit(JZ); int fix_yes = pc_; emit(0);
    emit(LOAD); emit(0); emit(LOAD); emit(1); emit(MOD); emit(JZ); int fix_no = pc_; emit(0);
    emit(LOAD); emit(1); emit(PUSH); emit(1); emit(ADD); emit(STORE); emit(1);
    emit(JMP); emit(l2);
    code[fix_yes] = pc_; emit(PUSH); emit(1); emit(RET);
    code[fix_no] = pc_; emit(PUSH); emit(0); emit(RET);
    /* collatz(n): steps until 1; locals 0 n, 1 steps */
    code[fix_collatz] = pc_;
    emit(PUSH); emit(0); emit(STORE); emit(1);
    int l3 = pc_;
    emit(LOAD); emit(0); emit(PUSH); emit(1); emit(EQ); emit(JZ); int fix_body = pc_; emit(0);
    emit(LOAD); emit(1); emit(RET);
    code[fix_body] = pc_;
    emit(LOAD); emit(1); emit(PUSH); emit(1); emit(ADD); emit(STORE); emit(1);
    emit(LOAD); emit(0); emit(PUSH); emit(1); emit(AND); emit(JZ); int fix_even = pc_; emit(0);
    emit(LOAD); emit(0); emit(PUSH); emit(3); emit(MUL); emit(PUSH); emit(1); emit(ADD); emit(STORE); emit(0);
    emit(JMP); emit(l3);
    code[fix_even] = pc_;
    emit(LOAD); emit(0); emit(PUSH); emit(1); emit(SHR); emit(STORE); emit(0);
    emit(JMP); emit(l3);
}

struct frame { int ret, base; };

static int64_t run(int64_t limit, int64_t *out2) {
    int64_t stack[256], locals[64];
    struct frame frames[16];
    int sp = 0, fp = 0, base = 0, pc = 0;
    locals[0] = limit;
    for (;;) {
        int32_t op = code[pc++];
        switch (op) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case LOAD: stack[sp++] = locals[base + code[pc++]]; break;
        case STORE: locals[base + code[pc++]] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case DIV: sp--; stack[sp - 1] /= stack[sp]; break;
        case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
        case AND: sp--; stack[sp - 1] &= stack[sp]; break;
        case SHR: sp--; stack[sp - 1] >>= stack[sp]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case JMP: pc = code[pc]; break;
        case JZ: if (stack[--sp] == 0) pc = code[pc]; else pc++; break;
        case CALL: {
            int target = code[pc], nargs = code[pc + 1];
            frames[fp].ret = pc + 2; frames[fp].base = base; fp++;
            base += 8;
            for (int i = nargs - 1; i >= 0; i--) locals[base + i] = stack[--sp];
            pc = target;
            break;
        }
        case RET: fp--; pc = frames[fp].ret; base = frames[fp].base; break;
        case POP: sp--; break;
        case HALT: *out2 = stack[sp - 1]; return stack[sp - 2];
        default: printf("bad op %d\n", op); exit(1);
        }
    }
}

int main(int argc, char **argv) {
    int scale = argc > 1 ? atoi(argv[1]) : 5;
    assemble();
    int64_t steps = 0, primes = run((int64_t)scale * 25000, &steps);
    printf("vm limit=%d primes=%lld collatz_steps=%lld\n", scale * 25000, (long long)primes, (long long)steps);
    return 0;
}
