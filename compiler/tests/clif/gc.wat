;; GC references without heap objects: ref.i31 tags the word, i31.get_s/u
;; check null and shift back; ref.eq compares words; ref.test and ref.cast
;; against i31 test the tag bit, against (ref any) only null; a cast to a
;; final function type compares canonical ids inline, one to a type with
;; subtypes asks wasmc_type_is_subtype on a mismatch (so does call_indirect
;; to such a type); any.convert_extern is free; br_on_cast branches on the
;; test with the value kept.
(module
  (type $base (sub (func (result i32))))
  (type $leaf (func (result i32)))
  (table 1 funcref)
  (func (export "i31") (param i32) (result i32 i32)
    (i31.get_s (ref.i31 (local.get 0)))
    (i31.get_u (ref.i31 (local.get 0))))
  (func (export "eq") (param eqref eqref) (result i32)
    (ref.eq (local.get 0) (local.get 1)))
  (func (export "test_i31") (param anyref) (result i32)
    (ref.test (ref i31) (local.get 0)))
  (func (export "cast_any") (param externref) (result anyref)
    (ref.cast (ref any) (any.convert_extern (local.get 0))))
  (func (export "cast_leaf") (param funcref) (result (ref $leaf))
    (ref.cast (ref $leaf) (local.get 0)))
  (func (export "test_base") (param funcref) (result i32)
    (ref.test (ref null $base) (local.get 0)))
  (func (export "indirect_base") (param i32) (result i32)
    (call_indirect (type $base) (local.get 0)))
  (func (export "br_on_cast") (param anyref) (result i31ref)
    (block $l (result i31ref)
      (br_on_cast $l anyref i31ref (local.get 0))
      (drop)
      (ref.null i31))))
