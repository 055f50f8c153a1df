# sqlite-rows.awk: the sqlite3 check's input, 10,000 INSERTs of made-up
# orders in one transaction, then the queries of sqlite.sql.
BEGIN {
    print "CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT, city TEXT);"
    print "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER, item TEXT,"
    print "  qty INTEGER, price REAL, day TEXT);"
    split("Lyon Oslo Quito Perth Accra Lima Hanoi Turku", city, " ")
    split("bolt nut gear cam lever spring valve pipe", item, " ")
    seed = 12345
    print "BEGIN;"
    for (i = 1; i <= 200; i++)
        printf "INSERT INTO customer VALUES (%d, 'cust%03d', '%s');\n", i, i, city[1 + i % 8]
    for (i = 1; i <= 10000; i++) {
        seed = (seed * 75 + 74) % 65537
        c = 1 + seed % 200
        seed = (seed * 75 + 74) % 65537
        printf "INSERT INTO orders VALUES (%d, %d, '%s', %d, %d.%02d, '2003-%02d-%02d');\n",
            i, c, item[1 + seed % 8], 1 + seed % 17, seed % 500, seed % 100,
            1 + seed % 12, 1 + seed % 28
    }
    print "COMMIT;"
}
