#!/usr/bin/perl
# Writes a small location database in the GeoLite2-City layout for the tests:
#   make_test_mmdb.pl OUTPUT.mmdb
#
#   127.0.0.1/32     Berlin, DE       (zh-CN 柏林, 德国)
#   127.0.0.2/32     Tokyo, JP        (zh-CN 东京, 日本)
#   198.51.100.0/24  Paris, FR        (zh-CN 巴黎, 法国)
#   203.0.113.0/24   AU, no city      (zh-CN 澳大利亚)
#   2001:db8:1::/48  São Paulo, BR    (zh-CN 圣保罗, 巴西)
#
# Loopback servers in the HTTP and browser tests are reached from 127.0.0.1
# and 127.0.0.2, so those two addresses are two places. The others are
# documentation ranges (RFC 5737, RFC 3849) that no real client has.
use strict;
use warnings;
use utf8;

use MaxMind::DB::Writer::Tree;

@ARGV == 1 or die "usage: $0 OUTPUT.mmdb\n";
my ($output) = @ARGV;

my %types = (
    city       => 'map',
    country    => 'map',
    names      => 'map',
    geoname_id => 'uint32',
    iso_code   => 'utf8_string',
);

my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version    => 6,
    record_size   => 24,
    database_type => 'GeoLite2-City',
    languages     => [ 'en', 'zh-CN' ],
    description   => { en => 'Twofold test locations' },
    # The addresses above are reserved; the writer would drop them silently.
    remove_reserved_networks => 0,
    # As GeoLite2 does: IPv4-mapped IPv6 addresses find the IPv4 records.
    alias_ipv6_to_ipv4 => 1,
    # Other keys are language tags ("en", "zh-CN") naming strings.
    map_key_type_callback => sub { $types{ $_[0] } // 'utf8_string' },
);

# GeoNames IDs of the real places, as the real databases carry them.
sub place {
    my (%place) = @_;
    my %record = (
        country => {
            geoname_id => $place{country_id},
            iso_code   => $place{iso_code},
            names      => { en => $place{country_en}, 'zh-CN' => $place{country_zh} },
        },
    );
    if ( defined $place{city_en} ) {
        $record{city} = {
            geoname_id => $place{city_id},
            names      => { en => $place{city_en}, 'zh-CN' => $place{city_zh} },
        };
    }
    return \%record;
}

$tree->insert_network( '127.0.0.1/32', place(
    iso_code => 'DE', country_id => 2921044, country_en => 'Germany', country_zh => '德国',
    city_id => 2950159, city_en => 'Berlin', city_zh => '柏林' ) );
$tree->insert_network( '127.0.0.2/32', place(
    iso_code => 'JP', country_id => 1861060, country_en => 'Japan', country_zh => '日本',
    city_id => 1850147, city_en => 'Tokyo', city_zh => '东京' ) );
$tree->insert_network( '198.51.100.0/24', place(
    iso_code => 'FR', country_id => 3017382, country_en => 'France', country_zh => '法国',
    city_id => 2988507, city_en => 'Paris', city_zh => '巴黎' ) );
$tree->insert_network( '203.0.113.0/24', place(
    iso_code => 'AU', country_id => 2077456, country_en => 'Australia', country_zh => '澳大利亚' ) );
$tree->insert_network( '2001:db8:1::/48', place(
    iso_code => 'BR', country_id => 3469034, country_en => 'Brazil', country_zh => '巴西',
    city_id => 3448439, city_en => 'São Paulo', city_zh => '圣保罗' ) );

open my $fh, '>:raw', $output or die "cannot write $output: $!\n";
$tree->write_tree($fh);
close $fh or die "cannot write $output: $!\n";
