//! The loop depth of a wasm operator scan, for the heuristics that read a
//! body's operators before any code is generated (the hot-function choice of
//! multi-versioned code, [`super::hot`], and the cold call sites of the
//! inliner, [`super::cold_sites`]): a stack of the open blocks, `true` for
//! loops.

use wasmparser::Operator;

#[derive(Default)]
pub struct LoopNesting {
    open: Vec<bool>,
    depth: u32,
}

impl LoopNesting {
    /// Account for `op`, which was just read. A body that does not validate
    /// (an `end` with nothing open) cannot make the depth wrong or panic;
    /// translation reports the error.
    pub fn op(&mut self, op: &Operator<'_>) {
        match op {
            Operator::Loop { .. } => {
                self.open.push(true);
                self.depth += 1;
            }
            Operator::Block { .. }
            | Operator::If { .. }
            | Operator::Try { .. }
            | Operator::TryTable { .. } => self.open.push(false),
            // `delegate` closes a legacy `try` as `end` does.
            Operator::End | Operator::Delegate { .. } => {
                let closed_loop = self.open.pop() == Some(true);
                self.depth -= u32::from(closed_loop);
            }
            _ => {}
        }
    }

    /// Loops open around the operator read last.
    pub fn depth(&self) -> u32 {
        self.depth
    }
}

#[cfg(test)]
mod tests {
    use super::LoopNesting;
    use wasmparser::{BlockType, Operator as O};

    #[test]
    fn loop_nesting_follows_blocks() {
        let mut n = LoopNesting::default();
        let blk = BlockType::Empty;
        n.op(&O::Block { blockty: blk });
        assert_eq!(n.depth(), 0);
        n.op(&O::Loop { blockty: blk });
        assert_eq!(n.depth(), 1);
        n.op(&O::If { blockty: blk });
        n.op(&O::Loop { blockty: blk });
        assert_eq!(n.depth(), 2, "a loop in an if in a loop");
        n.op(&O::End);
        n.op(&O::End);
        assert_eq!(n.depth(), 1);
        n.op(&O::End);
        assert_eq!(n.depth(), 0, "the loop ended");
        n.op(&O::Try { blockty: blk });
        n.op(&O::Loop { blockty: blk });
        n.op(&O::End);
        n.op(&O::Delegate { relative_depth: 0 });
        n.op(&O::End);
        assert_eq!(n.depth(), 0);
        // Unbalanced `end`s (an invalid body) leave it at 0.
        n.op(&O::End);
        n.op(&O::End);
        assert_eq!(n.depth(), 0);
    }
}
