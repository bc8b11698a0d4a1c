//! Fixed-width SIMD (v128). Not implemented yet: every SIMD operator is
//! reported as unsupported by the driver.

use super::Translator;
use crate::error::Result;
use cranelift_frontend::FunctionBuilder;
use wasmparser::Operator;

pub(super) fn translate(_t: &mut Translator, _b: &mut FunctionBuilder, _op: &Operator) -> Result<bool> {
    Ok(false)
}
