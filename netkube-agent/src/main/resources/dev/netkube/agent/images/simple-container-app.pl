#!/usr/bin/perl
# arisu1000/simple-container-app (github.com/arisu1000/simple-container-app, a gin server), as netkube's image
# catalog runs it on the node's perl: on :8080, GET / answers {"app version","client ip","header"}, GET /env the
# environment, GET /volume-config?path=FILE a file's content, in Go's JSON; anything else gin's 404.
use strict;
use warnings;
use IO::Socket::IP;
use Socket qw(AF_INET6 AF_INET SOMAXCONN);
use POSIX qw(strftime);

$SIG{PIPE} = 'IGNORE';
$SIG{CHLD} = 'IGNORE';          # connections are forked children; let the kernel reap them
$SIG{TERM} = sub { exit 2 };    # a Go program stopped by SIGTERM as pid 1 exits 2

my $server = IO::Socket::IP->new(LocalHost => '::', LocalPort => 8080, Listen => SOMAXCONN, ReuseAddr => 1, V6Only => 0)
  || IO::Socket::IP->new(LocalHost => '0.0.0.0', LocalPort => 8080, Listen => SOMAXCONN, ReuseAddr => 1)
  || die "listen tcp :8080: $!\n";

while (1) {
  my $client = $server->accept or next;
  my $pid = fork;
  if (!defined $pid) { close $client; next; }
  if ($pid == 0) { close $server; serve($client); exit 0; }
  close $client;
}

sub serve {
  my ($c) = @_;
  my $peer = $c->peerhost; $peer =~ s/^::ffff://;
  my $remote = ($peer =~ /:/ ? "[$peer]" : $peer) . ':' . $c->peerport;
  local $SIG{ALRM} = sub { exit 0 };
  while (1) {
    alarm 120;
    my $line = <$c>;
    return unless defined $line;
    $line =~ s/\r?\n$//;
    next if $line eq '';
    my ($method, $target, $proto) = split / /, $line, 3;
    return unless defined $proto;
    my (@names, %values);
    while (my $h = <$c>) {
      $h =~ s/\r?\n$//;
      last if $h eq '';
      my ($k, $v) = $h =~ /^([^:]+):\s*(.*?)\s*$/ or next;
      $k = canonical($k);
      push @names, $k unless exists $values{$k};
      push @{$values{$k}}, $v;
    }
    my $length = $values{'Content-Length'} ? $values{'Content-Length'}[0] : 0;
    read($c, my $discard, $length) if $length > 0;
    my $close = ($proto eq 'HTTP/1.0') || grep { lc($_) eq 'close' } @{$values{'Connection'} || []};
    delete $values{'Host'};    # Go moves Host out of the header map into Request.Host
    my ($path, $query) = split /\?/, $target, 2;
    my ($status, $type, $body);
    if ($method eq 'GET' && $path eq '/') {
      my $headers = '{' . join(',', map { json($_) . ':[' . join(',', map { json($_) } @{$values{$_}}) . ']' } sort keys %values) . '}';
      ($status, $type, $body) = (200, 'application/json; charset=utf-8',
        '{"app version":"v0.2","client ip":' . json($remote) . ',"header":' . $headers . '}');
    } elsif ($method eq 'GET' && $path eq '/env') {
      my @env = environment();
      ($status, $type, $body) = (200, 'application/json; charset=utf-8', '{"env":[' . join(',', map { json($_) } @env) . ']}');
    } elsif ($method eq 'GET' && $path eq '/volume-config') {
      my $file = query_param($query, 'path');
      my $content = '';
      if (open(my $fh, '<', $file)) { local $/; $content = <$fh> // ''; close $fh; }
      else { print "open $file: " . ($! =~ s/^(.)/\l$1/r); }
      ($status, $type, $body) = (200, 'application/json; charset=utf-8', '{"volume-content":' . json($content) . '}');
    } else {
      ($status, $type, $body) = (404, 'text/plain', '404 page not found');
    }
    my $reason = $status == 200 ? 'OK' : 'Not Found';
    my $date = strftime('%a, %d %b %Y %H:%M:%S GMT', gmtime);
    print $c "HTTP/1.1 $status $reason\r\nContent-Type: $type\r\nDate: $date\r\nContent-Length: " . length($body) . "\r\n"
      . ($close ? "Connection: close\r\n" : '') . "\r\n";
    print $c $body unless $method eq 'HEAD';
    return if $close;
  }
}

# The process environment in its own order (Go's os.Environ).
sub environment {
  if (open(my $fh, '<', '/proc/self/environ')) { local $/; my $raw = <$fh> // ''; close $fh; return grep { length } split /\0/, $raw; }
  return map { "$_=$ENV{$_}" } sort keys %ENV;
}

# Go's textproto.CanonicalMIMEHeaderKey.
sub canonical {
  my ($k) = @_;
  return $k if $k =~ /[^A-Za-z0-9!#\$%&'*+\-.^_`|~]/;
  return join '-', map { ucfirst lc } split /-/, $k, -1;
}

# Go's encoding/json for a string: HTML-safe, control characters as \u00XX.
sub json {
  my ($s) = @_;
  $s =~ s/([\\"])/\\$1/g;
  $s =~ s/\n/\\n/g; $s =~ s/\r/\\r/g; $s =~ s/\t/\\t/g;
  $s =~ s/([\x00-\x1f<>&])/sprintf('\\u%04x', ord $1)/ge;
  $s =~ s/\xe2\x80\xa8/\\u2028/g; $s =~ s/\xe2\x80\xa9/\\u2029/g;
  return "\"$s\"";
}

sub query_param {
  my ($query, $name) = @_;
  for my $pair (split /&/, $query // '') {
    my ($k, $v) = split /=/, $pair, 2;
    $v //= '';
    for ($k, $v) { tr/+/ /; s/%([0-9A-Fa-f]{2})/chr(hex $1)/ge; }
    return $v if $k eq $name;
  }
  return '';
}
