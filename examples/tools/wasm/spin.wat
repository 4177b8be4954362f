;; spin: an infinite loop with no host calls; only the epoch deadline can stop it.
(module
  (memory (export "memory") 1)
  (func (export "_start") (loop $forever (br $forever)))
)
