//! Typed errors of the compiler library. Every error that comes from the
//! input carries the byte offset in the module and, inside code, the function
//! index, so the CLI can print `error: <file>: <reason> (at offset 0x.., function N)`.

use std::fmt;

/// Where in the input an error was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    pub offset: u64,
    pub func: Option<u32>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at offset {:#x}", self.offset)?;
        if let Some(func) = self.func {
            write!(f, ", function {func}")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// The module is malformed or invalid (from wasmparser's validator).
    #[error("{message} ({location})")]
    Invalid { message: String, location: Location },
    /// The module is valid but uses something wasmc does not implement yet.
    #[error("unsupported: {message} ({location})")]
    Unsupported { message: String, location: Location },
    /// The target or its settings are not usable.
    #[error("target: {0}")]
    Target(String),
    /// Cranelift rejected generated code: a compiler bug, reported, not hidden.
    #[error("internal compiler error in function {func}: {message}")]
    Codegen { func: u32, message: String },
    /// Object emission failed.
    #[error("object emission: {0}")]
    Object(String),
    /// Writing the object out failed.
    #[error("writing the object: {0}")]
    Write(std::io::Error),
}

impl CompileError {
    pub fn invalid(err: &wasmparser::BinaryReaderError, func: Option<u32>) -> Self {
        // Some wasmparser messages span lines (pretty-printed byte arrays);
        // an error is one line.
        let message = err
            .message()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        CompileError::Invalid {
            message,
            location: Location {
                offset: err.offset(),
                func,
            },
        }
    }

    pub fn unsupported(message: impl Into<String>, offset: u64, func: Option<u32>) -> Self {
        CompileError::Unsupported {
            message: message.into(),
            location: Location { offset, func },
        }
    }

    /// The offset in the input, when the error has one.
    pub fn location(&self) -> Option<Location> {
        match self {
            CompileError::Invalid { location, .. } | CompileError::Unsupported { location, .. } => {
                Some(*location)
            }
            _ => None,
        }
    }
}

pub type Result<T, E = CompileError> = std::result::Result<T, E>;
