# ratios.gp: the chart of bench/results.csv: for each benchmark, how many
# times slower than native ./qemu-i386 and QEMU 7.2 run, and ours/QEMU.
# Log scale, so 2x slower and 2x faster are the same height from the 1.0
# line.  Called by run-bench.py with datafile and outfile set (-e).

set terminal pngcairo size 1100,560 font "sans,10"
set output outfile
set title "qemu-i386 speed: time ratios (lower is faster; 1 = same speed)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y 2
set yrange [ymin:*]
set ylabel "time ratio (log scale)"
set grid ytics
set key top left
set xtics rotate by -30 nomirror
set datafile missing "?"
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 lc rgb "black"

plot datafile using 2:xtic(1) title "ours / native" lc rgb "#d95f02", \
     "" using 3 title "QEMU 7.2 / native" lc rgb "#1b9e77", \
     "" using 4 title "ours / QEMU 7.2" lc rgb "#7570b3"
