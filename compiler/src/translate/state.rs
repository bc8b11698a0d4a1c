//! The explicit control stack and value stack of the translator.
//!
//! Wasm's structured control flow maps onto Cranelift blocks: every
//! `block`/`loop`/`if` gets a continuation block (`next`) whose parameters are
//! the construct's results; a `loop` also gets a header block whose parameters
//! are the loop's parameters (the target of backward branches). Values on the
//! wasm operand stack are SSA values; locals are frontend `Variable`s.

use cranelift_codegen::ir::{Block, Inst, Value};

#[derive(Debug)]
pub enum FrameKind {
    Block,
    Loop {
        header: Block,
    },
    If {
        /// Where the false edge of the condition goes.
        else_block: Block,
        /// The values on the stack when the `if` started (its parameters);
        /// they dominate both arms and are re-pushed at `else`.
        params: Vec<Value>,
        /// Whether an `else` was seen.
        has_else: bool,
        /// Whether the `if` itself was reachable (so `else_block` has a
        /// predecessor).
        head_reachable: bool,
        /// The `brif` on the condition, which
        /// [`super::control`] turns around when the `then` arm turns out to
        /// be a loop's back edge.
        branch: Inst,
    },
    /// A `try_table`: its catch clauses, which calls inside it reach.
    TryTable {
        handlers: Vec<super::exceptions::Handler>,
    },
    /// A legacy `try`: its clauses, and the catch body being translated.
    LegacyTry(super::legacy_exceptions::LegacyTry),
}

#[derive(Debug)]
pub struct Frame {
    pub kind: FrameKind,
    /// The continuation; its parameters are the construct's results.
    pub next: Block,
    pub num_params: usize,
    pub num_results: usize,
    /// Operand stack height below the construct's parameters.
    pub height: usize,
    /// Whether some branch targets `next` (so it is reachable even when the
    /// end of the construct is not).
    pub branched_to: bool,
}

impl Frame {
    /// Where a `br` to this frame goes and how many values it carries.
    pub fn br_target(&self) -> (Block, usize) {
        match self.kind {
            FrameKind::Loop { header } => (header, self.num_params),
            _ => (self.next, self.num_results),
        }
    }

    pub fn is_loop(&self) -> bool {
        matches!(self.kind, FrameKind::Loop { .. })
    }
}

#[derive(Default)]
pub struct State {
    pub stack: Vec<Value>,
    pub frames: Vec<Frame>,
    /// False after an unconditional branch until the end of the construct.
    pub reachable: bool,
    /// Constructs opened inside unreachable code (translated as no-ops).
    pub dead_depth: u32,
    /// Open `try_table` frames and legacy `try` bodies (0: calls need no
    /// exception table).
    pub try_depth: u32,
    /// Legacy `try` frames in their catch bodies (0: branches release no
    /// caught exception).
    pub catch_depth: u32,
}

impl State {
    pub fn pop(&mut self) -> Value {
        self.stack
            .pop()
            .expect("validated: operand stack underflow")
    }

    pub fn pop2(&mut self) -> (Value, Value) {
        let b = self.pop();
        let a = self.pop();
        (a, b)
    }

    pub fn pop3(&mut self) -> (Value, Value, Value) {
        let c = self.pop();
        let (a, b) = self.pop2();
        (a, b, c)
    }

    pub fn push(&mut self, v: Value) {
        self.stack.push(v);
    }

    pub fn peekn(&self, n: usize) -> &[Value] {
        &self.stack[self.stack.len() - n..]
    }

    pub fn popn(&mut self, n: usize) -> Vec<Value> {
        self.stack.split_off(self.stack.len() - n)
    }

    /// The frame a branch of `depth` targets.
    pub fn frame_at(&mut self, depth: u32) -> &mut Frame {
        let i = self.frames.len() - 1 - depth as usize;
        &mut self.frames[i]
    }
}
