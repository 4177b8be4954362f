;; membomb: grows its memory by 1 MiB at a time, touching each new MiB, forever.
;; If a growth is refused without a trap (memory.grow returns -1) it hits `unreachable`.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (local $old i32)
    (loop $grow
      (local.set $old (memory.grow (i32.const 16)))
      (if (i32.eq (local.get $old) (i32.const -1))
        (then (unreachable)))
      (i32.store8 (i32.mul (local.get $old) (i32.const 65536)) (i32.const 1))
      (br $grow)))
)
