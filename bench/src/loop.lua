-- loop.lua: the Lua benchmark, run by the sysroot's lua interpreter:
-- loops, arithmetic, table reads and writes, string building and
-- function calls, all inside the interpreter's dispatch loop.
-- Needs Lua 5.3 or later (integer division); prints a checksum of its
-- work.  Integers only: floats would make it an x87 benchmark.

local n = tonumber(arg and arg[1]) or 150000

local function collatz_len(x)
  local len = 1
  while x ~= 1 do
    if x % 2 == 0 then x = x // 2 else x = 3 * x + 1 end
    len = len + 1
  end
  return len
end

local sum = 0
local best, best_at = 0, 0
for i = 1, n do
  local l = collatz_len(i)
  sum = (sum * 31 + l) % 1000000007
  if l > best then best, best_at = l, i end
end

local t = {}
for i = 1, n do t[i] = (i * 7919) % n end
table.sort(t)
local tsum = 0
for i = 1, n, 3 do tsum = (tsum + t[i] * i) % 1000000007 end

local parts = {}
for i = 1, 20000 do parts[#parts + 1] = string.format("%d:%x", i, i * i) end
local s = table.concat(parts, ",")
local commas = select(2, string.gsub(s, ",", ","))

print(string.format("lua %d: collatz %d best %d at %d, sort %d, string %d/%d",
  n, sum, best, best_at, tsum, #s, commas))
