-- lua.lua: closures, coroutines, string patterns and floating point.

-- closures: counters that share nothing, and an upvalue shared by two
local function counter(step)
  local n = 0
  return function() n = n + step; return n end
end
local a, b = counter(1), counter(10)
for _ = 1, 3 do a(); b() end
print("counters", a(), b())

local function pair()
  local v = 0
  return function(x) v = v + x end, function() return v end
end
local add, get = pair()
for i = 1, 100 do add(i) end
print("shared upvalue", get())

local function compose(f, g) return function(...) return f(g(...)) end end
local inc = function(x) return x + 1 end
local dbl = function(x) return x * 2 end
print("compose", compose(inc, dbl)(20), compose(dbl, inc)(20))

-- coroutines: a generator of primes and a two-way pipe
local function primes(limit)
  return coroutine.wrap(function()
    local found = {}
    for n = 2, limit do
      local prime = true
      for _, p in ipairs(found) do
        if p * p > n then break end
        if n % p == 0 then prime = false; break end
      end
      if prime then found[#found + 1] = n; coroutine.yield(n) end
    end
  end)
end
local count, sum, last = 0, 0, 0
for p in primes(50000) do count = count + 1; sum = sum + p; last = p end
print("primes", count, sum, last)

local co = coroutine.create(function(x)
  while true do
    x = coroutine.yield(x * x)
    if x == nil then return "done" end
  end
end)
local out = {}
for i = 1, 5 do
  local _, r = coroutine.resume(co, i)
  out[#out + 1] = r
end
print("squares", table.concat(out, " "), select(2, coroutine.resume(co)),
      coroutine.status(co))

-- string patterns
local text = "The quick brown fox jumps over 13 lazy dogs at 4:05pm on 2003-07-01."
for w in text:gmatch("%a+") do io.write(w:lower():sub(1, 2), ".") end
print()
print("date", text:match("(%d+)-(%d+)-(%d+)"))
print("time", text:match("(%d+):(%d+)(%a+)"))
print("gsub", (text:gsub("%s+", "_")), select(2, text:gsub("o", "0")))
print("find", text:find("fox"), text:find("%d%d%d%d"), text:find(".", 1, true))
print("format", string.format("[%5d|%-6s|%x|%q]", 42, "ab", 255, "a\nb"))
local csv = "alpha, beta,gamma ,  delta"
local fields = {}
for f in csv:gmatch("%s*([^,]-)%s*,") do fields[#fields + 1] = f end
fields[#fields + 1] = csv:match(",%s*([^,]-)%s*$")
print("csv", table.concat(fields, "|"))
print("balanced", ("f(a(b)c)d(e)"):match("%b()"), ("key = value"):match("^(%w+)%s*=%s*(%w+)$"))

-- floating point
local x = 0.0
for i = 1, 100000 do x = x + 1 / (i * i) end
print("basel", string.format("%.17g", x), string.format("%.17g", math.pi ^ 2 / 6))
print("math", string.format("%.17g %.17g %.17g %.17g", math.sin(1.1), math.exp(2.5),
      math.log(10), math.sqrt(2)))
print("division", 7 // 2, -7 // 2, 7 % -3, 7.5 // 2, 2 ^ 0.5, 1 / 3)
print("limits", math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger,
      1e308 * 10, -1e308 * 10, tostring(0 / 0):gsub("-", ""))
print("conversions", math.tointeger(3.0), 3 | 0, ("%.3f"):format(2 / 3), tonumber("0x1p4"),
      tonumber("  12.5e1  "), math.floor(-3.5), math.ceil(-3.5), math.fmod(-7, 3))
local h = 0
for i = 1, 200000 do h = (h * 31 + i) % 1000000007 end
print("hash", h)
