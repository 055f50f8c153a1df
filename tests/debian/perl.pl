# perl.pl: regular expressions, hashes, sprintf of floats and sort.
use strict;
use warnings;

# a deterministic text: words from syllables, as in a made-up language
my @syl = qw(ta ren sol mi ko var de lu chen bo ra si nu pel gar quan tho);
my $seed = 7;
sub rnd { $seed = ($seed * 1103515245 + 12345) % 2147483648; return $seed >> 8; }
my @lines;
for my $i (1 .. 3000) {
    my @w;
    for (1 .. 3 + rnd() % 8) {
        push @w, join '', map { $syl[rnd() % @syl] } 1 .. 1 + rnd() % 3;
    }
    push @lines, sprintf("%04d %s %d.%02d", $i, join(' ', @w), rnd() % 1000, rnd() % 100);
}

# hashes: word counts, lengths, first occurrences
my (%count, %first, %bylen);
for my $l (@lines) {
    my ($n, @w) = split ' ', $l;
    pop @w;
    for my $w (@w) {
        $count{$w}++;
        $first{$w} //= $n;
        push @{ $bylen{length $w} }, $w;
    }
}
printf "%d distinct words in %d lines\n", scalar(keys %count), scalar(@lines);
my @top = (sort { $count{$b} <=> $count{$a} || $a cmp $b } keys %count)[0 .. 9];
printf "%-12s %5d first in line %s\n", $_, $count{$_}, $first{$_} for @top;
for my $len (sort { $a <=> $b } keys %bylen) {
    my %u = map { $_ => 1 } @{ $bylen{$len} };
    printf "length %2d: %5d words, %4d distinct\n", $len, scalar @{ $bylen{$len} },
        scalar keys %u;
}

# regular expressions: captures, alternation, global matches, substitution
my ($sum, $hits) = (0, 0);
for my $l (@lines) {
    if ($l =~ /^(\d+) ((?:\w+ )*?)(\w*(?:chen|quan)\w*) .* (\d+)\.(\d+)$/) {
        $hits++;
        $sum += $4 * 100 + $5 if $1 % 2;
    }
}
print "lines with chen or quan: $hits, odd-line cents: $sum\n";
my $all = join "\n", @lines;
my @pairs = $all =~ /\b(ta|ko)(ren|sol)\b/g;
print "ta/ko + ren/sol words: ", scalar(@pairs) / 2, "\n";
(my $t = $lines[41]) =~ s/(\w+)/\u$1/g;
print "title case: $t\n";
my $vowels = () = $all =~ /[aeiou]/g;
print "vowels: $vowels\n";
(my $squeezed = "a  b\t\tc   d") =~ s/\s+/ /g;
print "squeezed: [$squeezed]\n";
my %h = "k1=v1;k2=v2;k3=v3" =~ /(\w+)=(\w+)/g;
print join(",", map { "$_>$h{$_}" } sort keys %h), "\n";
print "tr count: ", ($all =~ tr/a-z//), "\n";

# sprintf of floats
my @f = (0, 1/3, -2/3, 1e-10, 123456789.125, 2**0.5, exp(1), atan2(1, 1) * 4,
         1e300 * 10, -1e-320, 0.1 + 0.2);
printf "%.17g | %e | %.3f | %g | %10.4f\n", ($_) x 5 for @f;
my $acc = 0;
$acc += 1 / $_ ** 2 for 1 .. 200000;
printf "basel %.15f %.15e\n", $acc, sqrt($acc * 6);
printf "ints %d %s %u %o %x %b\n", -17, 2**53 + 1, 4294967295, 511, 48879, 10;

# sort: numeric, by several keys, stable order of equal keys, reverse
my @recs = map { [split ' '] } @lines[0 .. 199];
my @by = sort { $a->[-1] <=> $b->[-1] || @$a <=> @$b || $a->[0] cmp $b->[0] } @recs;
print "sorted: ", join(" ", map { "$_->[0]:$_->[-1]" } @by[0 .. 7]), "\n";
print "reverse: ", join(" ", (reverse sort { $a <=> $b } map { $_->[-1] } @recs)[0 .. 7]), "\n";
print "strings: ", join(" ", (sort map { $_->[1] } @recs)[0 .. 7]), "\n";
