# tests/result.sh: the PASS/FAIL lines and the counts every test script
# prints, sourced by them.  `result NAME [WHY]` counts one check: without
# WHY it passed; it returns 1 on a failure, so a caller can show more.
pass=0
fail=0

result() {
    if [ -z "${2-}" ]; then
        pass=$((pass + 1))
        echo "PASS $1"
    else
        fail=$((fail + 1))
        echo "FAIL $1: $2"
        return 1
    fi
}
