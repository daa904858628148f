//! SIP by the grammar (RFC 3261 §25.1): the From/To/PAI forms of RFC 3261,
//! RFC 3325, RFC 3966 and RFC 4475 read as their URI says (never as the
//! display name says), and the RFC 4475 torture messages: the valid ones
//! parse without a problem, the invalid ones give a problem with a location
//! on the line that breaks the grammar, and none panics.

use calltrust::input::sip;
use calltrust::input::sipaddr::{parse_address, parse_address_list};
use calltrust::{Options, Severity, ids, inspect};

/// (header value, the number the URI carries, the display name) — or the
/// byte offset an error must point at.
enum Want {
    Ok(Option<&'static str>, Option<&'static str>),
    Err(usize),
}
use Want::{Err as Bad, Ok as Good};

const FORMS: &[(&str, Want)] = &[
    // RFC 3261 §20.20 From, §20.39 To, §20.10 Contact
    (
        "\"A. G. Bell\" <sip:agb@bell-telephone.com> ;tag=a48s",
        Good(None, Some("A. G. Bell")),
    ),
    (
        "sip:+12125551212@server.phone2net.com;tag=887s",
        Good(Some("12125551212"), None),
    ),
    (
        "Anonymous <sip:c8oqz84zk7z@privacy.org>;tag=hyh8",
        Good(None, Some("Anonymous")),
    ),
    (
        "The Operator <sip:operator@cs.columbia.edu>;tag=287447",
        Good(None, Some("The Operator")),
    ),
    (
        "sip:+12125551212@server.phone2net.com",
        Good(Some("12125551212"), None),
    ),
    (
        "Bob <sips:bob@biloxi.com> ;tag=a48s",
        Good(None, Some("Bob")),
    ),
    (
        "\"Mr. Watson\" <sip:watson@worcester.bell-telephone.com>;q=0.7; expires=3600",
        Good(None, Some("Mr. Watson")),
    ),
    ("<sips:bob@192.0.2.4>;expires=60", Good(None, None)),
    // RFC 3261 §19.1.3 URIs
    (
        "<sip:alice:secretword@atlanta.com;transport=tcp>",
        Good(None, None),
    ),
    (
        "<sips:alice@atlanta.com?subject=project%20x&priority=urgent>",
        Good(None, None),
    ),
    (
        "<sip:+1-212-555-1212:1234@gateway.com;user=phone>",
        Good(Some("12125551212"), None),
    ),
    ("<sips:1212@gateway.com>", Good(Some("1212"), None)),
    ("<sip:alice;day=tuesday@atlanta.com>", Good(None, None)),
    // RFC 3325 P-Asserted-Identity
    (
        "\"Cullen Jennings\" <sip:fluffy@cisco.com>",
        Good(None, Some("Cullen Jennings")),
    ),
    ("tel:+14085264000", Good(Some("14085264000"), None)),
    ("<tel:+14085264000>", Good(Some("14085264000"), None)),
    // RFC 3966 tel URIs
    ("<tel:+1-201-555-0123>", Good(Some("12015550123"), None)),
    (
        "<tel:7042;phone-context=example.com>",
        Good(Some("7042"), None),
    ),
    (
        "<tel:863-1234;phone-context=+1-914-555>",
        Good(Some("8631234"), None),
    ),
    (
        "<tel:+1-201-555-0123;ext=1234>",
        Good(Some("12015550123"), None),
    ),
    // RFC 4475 §3.1.1 valid forms
    (
        "sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n",
        Good(None, None),
    ),
    (
        "\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8",
        Good(None, Some("J Rosenberg \\\"")),
    ),
    ("sip:%75se%72@example.com", Good(None, None)),
    (
        "<sip:I%20have%20spaces@example.net>;tag=938",
        Good(None, None),
    ),
    (
        "\"%Z%45\" <sip:resource@example.com>",
        Good(None, Some("%Z%45")),
    ),
    (
        "caller<sip:caller@example.com>;tag=323",
        Good(None, Some("caller")),
    ),
    (
        "token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"работающий\";tag=_token~1'+`*%!-.",
        Good(None, Some("token1~` token2'+_ token3*%!.-")),
    ),
    (
        "<sip:+13035551111@ift.client.example.net;user=phone>",
        Good(Some("13035551111"), None),
    ),
    (
        "sip:+16505552222@ss1.example.net;user=phone",
        Good(Some("16505552222"), None),
    ),
    ("isbn:2983792873", Good(None, None)),
    ("<http://www.example.com>;tag=3234233", Good(None, None)),
    (
        "sip:+19725552222@gw1.example.net;unknownparam",
        Good(Some("19725552222"), None),
    ),
    // RFC 4475 §3.1.2 invalid forms: where the grammar breaks
    ("\"Mr. J. User <sip:j.user@example.com>", Bad(0)),
    ("\"Watson, Thomas\" < sip:t.watson@example.org >", Bad(18)),
    ("Bell, Alexander <sip:a.g.bell@example.com>;tag=43", Bad(4)),
    (
        "sip:user@example.com?Route=%3Csip:sip.example.com%3E",
        Bad(20),
    ),
    ("\"Joe\" <sip:joe@example.org>;;;;", Bad(28)),
    // Caller-ID pastes: the number is the URI's, whatever the name says
    (
        "\"Acme <sip:+12025550143@198.51.100.20>\" <sip:+18005550199@203.0.113.9;user=phone>;tag=x",
        Good(
            Some("18005550199"),
            Some("Acme <sip:+12025550143@198.51.100.20>"),
        ),
    ),
    (
        "\"A <b> B\" <sip:+12025550143@198.51.100.20;user=phone>;tag=x",
        Good(Some("12025550143"), Some("A <b> B")),
    ),
    (
        "\"+1 202 555 0143\" <sip:+18005550199@h>",
        Good(Some("18005550199"), Some("+1 202 555 0143")),
    ),
    (
        "\"Say \\\"hi\\\"\" <sip:+12025550143@h>",
        Good(Some("12025550143"), Some("Say \"hi\"")),
    ),
    (
        "Acme Pharmacy <sip:+12025550143@h;user=phone>",
        Good(Some("12025550143"), Some("Acme Pharmacy")),
    ),
    (
        "<sip:+1-202-555-0143;npdi;rn=+12025550000@h;user=phone>",
        Good(Some("12025550143"), None),
    ),
    (
        "<sip:2025550143@10.0.0.1:5060>;tag=1",
        Good(Some("2025550143"), None),
    ),
    (
        "\"Bank\u{202E}\" <sip:+12025550143@h>",
        Good(Some("12025550143"), Some("Bank\u{202E}")),
    ),
    ("<sip:+12025550143@h", Bad(0)),
    ("\"Acme\" sip:+12025550143@h", Bad(7)),
    ("", Bad(0)),
];

#[test]
fn forty_address_forms_read_by_the_grammar() {
    assert!(FORMS.len() >= 40, "{} forms", FORMS.len());
    for (value, want) in FORMS {
        let got = parse_address(value);
        match (want, &got) {
            (Good(num, name), Ok(a)) => {
                assert_eq!(
                    a.uri.number().map(|t| t.digits).as_deref(),
                    *num,
                    "number of `{value}`"
                );
                assert_eq!(
                    a.display_name.as_deref(),
                    *name,
                    "display name of `{value}`"
                );
            }
            (Bad(at), Err(e)) => assert_eq!(e.at, *at, "error position in `{value}`: {e:?}"),
            (Good(..), Err(e)) => panic!("`{value}` must parse: {e:?}"),
            (Bad(_), Ok(a)) => panic!("`{value}` must be an error, read {a:?}"),
        }
    }
}

#[test]
fn lists_keep_every_identity() {
    let l =
        parse_address_list("\"Alice\" <sip:+12025550143@a.example;user=phone>, <tel:+12025550143>");
    assert_eq!(l.len(), 2);
    for (_, r) in &l {
        assert_eq!(
            r.as_ref().unwrap().uri.number().unwrap().digits,
            "12025550143"
        );
    }
}

/// RFC 4475 §3 messages (transcribed from the RFC; the RFC's CRLF line
/// ends are restored at test time, binary bodies shortened where noted).
/// (name, message, the 1-based line a problem must point at — None for a
/// valid message).
const TORTURE: &[(&str, &str, Option<usize>)] = &[
    // 3.1.1.1 A Short Tortuous INVITE
    ("wsinv", "INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0
TO :
 sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n
from   : \"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>
  ;
  tag = 98asjd8
MaX-fOrWaRdS: 0068
Call-ID: wsinv.ndaksdj@192.0.2.1
Content-Length   : 150
cseq: 0009
  INVITE
Via  : SIP  /   2.0
 /UDP
    192.0.2.2;branch=390skdjuw
s :
NewFangledHeader:   newfangled value
 continued newfangled value
UnknownHeaderWithUnusualValue: ;;,,;;,;
Content-Type: application/sdp
Route:
 <sip:services.example.com;lr;unknownwith=value;unknown-no-value>
v:  SIP  / 2.0  / TCP     spindle.example.com   ;
  branch  =   z9hG4bK9ikj8  ,
 SIP  /    2.0   / UDP  192.168.255.111   ; branch=
 z9hG4bK30239
m:\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =
      newvalue ;
  secondparam ; q = 0.33

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.3
s=-
c=IN IP4 192.0.2.4
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
", None),
    // 3.1.1.2 Wide Range of Valid Characters
    ("intmeth", "!interesting-Method0123456789_*+`.%indeed'~ sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com SIP/2.0
Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~
To: \"BEL:\\\x07 NUL:\\\x00 DEL:\\\x7F\" <sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>
From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"работающий\";tag=_token~1'+`*%!-.
Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{
CSeq: 139122385 !interesting-Method0123456789_*+`.%indeed'~
Max-Forwards: 255
extensionHeader-!.%*+_`'~:\u{FEFF}大停電
Content-Length: 0

", None),
    // 3.1.1.3 Valid Use of the % Escaping Mechanism
    ("esc01", "INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0
To: sip:%75se%72@example.com
From: <sip:I%20have%20spaces@example.net>;tag=938
Max-Forwards: 87
i: esc01.239409asdfakjkn23onasd0-3234
CSeq: 234234 INVITE
Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw
C: application/sdp
Contact:
  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>
Content-Length: 150

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
s=-
c=IN IP4 192.0.2.1
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
", None),
    // 3.1.1.4 Escaped Nulls in URIs
    ("escnull", "REGISTER sip:example.com SIP/2.0
To: sip:null-%00-null@example.com
From: sip:null-%00-null@example.com;tag=839923423
Max-Forwards: 70
Call-ID: escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd
CSeq: 14398234 REGISTER
Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw
Contact: <sip:%00@host5.example.com>
Contact: <sip:%00%00@host5.example.com>
L:0

", None),
    // 3.1.1.5 Use of % When It Is Not an Escape
    ("esc02", "RE%47IST%45R sip:registrar.example.com SIP/2.0
To: \"%Z%45\" <sip:resource@example.com>
From: \"%Z%45\" <sip:resource@example.com>;tag=f232jadfj23
Call-ID: esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf
Via: SIP/2.0/TCP host.example.com;branch=z9hG4bK209%fzsnel234
CSeq: 29344 RE%47IST%45R
Max-Forwards: 70
Contact: <sip:alias1@host1.example.com>
C%6Fntact: <sip:alias2@host2.example.com>
Contact: <sip:alias3@host3.example.com>
l: 0

", None),
    // 3.1.1.6 Message with No LWS between Display Name and <
    ("lwsdisp", "OPTIONS sip:user@example.com SIP/2.0
To: sip:user@example.com
From: caller<sip:caller@example.com>;tag=323
Max-Forwards: 70
Call-ID: lwsdisp.1234abcd@funky.example.com
CSeq: 60 OPTIONS
Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKkdjuw
l: 0

", None),
    // 3.1.1.9 Semicolon-Separated Parameters in URI User Part
    ("semiuri", "OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0
To: sip:j_user@example.com
From: sip:caller@example.org;tag=33242
Max-Forwards: 3
Call-ID: semiuri.0ha0isndaksdj
CSeq: 8 OPTIONS
Accept: application/sdp, application/pkcs7-mime,
        multipart/mixed, multipart/signed,
        message/sip, message/sipfrag
Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKkdjuw
l: 0

", None),
    // 3.1.1.10 Varied and Unknown Transport Types
    ("transports", "OPTIONS sip:user@example.com SIP/2.0
To: sip:user@example.com
From: <sip:caller@example.com>;tag=323
Max-Forwards: 70
Call-ID:  transports.kijh4akdnaqjkwendsasfdj
Accept: application/sdp
CSeq: 60 OPTIONS
Via: SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw
Via: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf
Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj
Via: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en
Via: SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee
l: 0

", None),
    // 3.1.1.12 Unusual Reason Phrase
    ("unreason", "SIP/2.0 200 = 2**3 * 5**2 но сто девяносто девять - простое
Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923
Call-ID: unreason.1234ksdfak3j2erwedfsASdf
CSeq: 35 INVITE
From: sip:user@example.com;tag=11141343
To: sip:user@example.edu;tag=2229
Content-Length: 154
Content-Type: application/sdp
Contact: <sip:user@host198.example.com>

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.198
s=-
c=IN IP4 192.0.2.198
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
", None),
    // 3.1.1.13 Empty Reason Phrase
    ("noreason", "SIP/2.0 100 \nVia: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe
Call-ID: noreason.asndj203insdf99223ndf
CSeq: 35 INVITE
From: <sip:user@example.com>;tag=39ansfi3
To: <sip:user@example.edu>;tag=902jndnke3
Content-Length: 0
Contact: <sip:user@host105.example.com>

", None),
    // 3.4.1 INVITE with RFC 2543 Syntax
    ("inv2543", "INVITE sip:UserB@example.com SIP/2.0
Via: SIP/2.0/UDP iftgw.example.com
From: <sip:+13035551111@ift.client.example.net;user=phone>
Record-Route: <sip:UserB@example.com;maddr=ss1.example.com>
To: sip:+16505552222@ss1.example.net;user=phone
Call-ID: inv2543.1717@ift.client.example.com
CSeq: 56 INVITE
Content-Type: application/sdp

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.5
s=-
c=IN IP4 192.0.2.5
t=0 0
m=audio 49217 RTP/AVP 0
", None),
    // 3.3.4 Unknown URI Schemes in Header Fields
    ("unksm2", "REGISTER sip:example.com SIP/2.0
To: isbn:2983792873
From: <http://www.example.com>;tag=3234233
Call-ID: unksm2.daksdj@hyphenated-host.example.com
CSeq: 234902 REGISTER
Max-Forwards: 70
Via: SIP/2.0/UDP 192.0.2.21:5060;branch=z9hG4bKkdjuw
Contact: <name:John_Smith>
l: 0

", None),
    // 3.1.2.1 Extraneous Header Field Separators
    ("badinv01", "INVITE sip:user@example.com SIP/2.0
To: sip:j.user@example.com
From: sip:caller@example.net;tag=134161461246
Max-Forwards: 7
Call-ID: badinv01.0ha0isndaksdjasdf3234nas
CSeq: 8 INVITE
Via: SIP/2.0/UDP 192.0.2.15;;,;,,
Contact: \"Joe\" <sip:joe@example.org>;;;;
Content-Length: 152
Content-Type: application/sdp

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.15
s=-
c=IN IP4 192.0.2.15
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
", Some(7)),
    // 3.1.2.2 Content Length Larger Than Message
    ("clerr", "INVITE sip:user@example.com SIP/2.0
Max-Forwards: 80
To: sip:j.user@example.com
From: sip:caller@example.net;tag=93942939o2
Contact: <sip:caller@hungry.example.net>
Call-ID: clerr.0ha0isndaksdjweiafasdk3
CSeq: 8 INVITE
Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bK-39234-23523
Content-Type: application/sdp
Content-Length: 9999

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.155
s=-
c=IN IP4 192.0.2.155
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
", Some(10)),
    // 3.1.2.3 Negative Content-Length
    ("ncl", "INVITE sip:user@example.com SIP/2.0
Max-Forwards: 254
To: sip:j.user@example.com
From: sip:caller@example.net;tag=32394234
Call-ID: ncl.0ha0isndaksdj2193423r542w35
CSeq: 0 INVITE
Via: SIP/2.0/UDP 192.0.2.53;branch=z9hG4bKkdjuw
Contact: <sip:caller@example53.example.net>
Content-Type: application/sdp
Content-Length: -999

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.53
s=-
c=IN IP4 192.0.2.53
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
", Some(10)),
    // 3.1.2.4 Request Scalar Fields with Overlarge Values
    ("scalar02", "REGISTER sip:example.com SIP/2.0
Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bK342sdfoi3
To: <sip:user@example.com>
From: <sip:user@example.com>;tag=239232jh3
CSeq: 36893488147419103232 REGISTER
Call-ID: scalar02.23o0pd9vanlq3wnrlnewofjas9ui32
Max-Forwards: 300
Expires: 10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
Contact: <sip:user@host129.example.com>
  ;expires=280297596632815
Content-Length: 0

", Some(5)),
    // 3.1.2.5 Response Scalar Fields with Overlarge Values
    ("scalarlg", "SIP/2.0 503 Service Unavailable
Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bKzzxdiwo34sw;received=192.0.2.129
To: <sip:user@example.com>
From: <sip:other@example.net>;tag=2easdjfejw
CSeq: 9292394834772304023312 OPTIONS
Call-ID: scalarlg.noase0of0234hn2qofoaf0232aewf2394r
Retry-After: 949302838503028349304023988
Warning: 1812 overture \"In Progress\"
Content-Length: 0

", Some(5)),
    // 3.1.2.6 Unterminated Quoted String in Display Name
    ("quotbal", "INVITE sip:user@example.com SIP/2.0
To: \"Mr. J. User <sip:j.user@example.com>
From: sip:caller@example.net;tag=93334
Max-Forwards: 10
Call-ID: quotbal.aksdj
Contact: <sip:caller@host59.example.net>
CSeq: 8 INVITE
Via: SIP/2.0/UDP 192.0.2.59:5050;branch=z9hG4bKkdjuw39234
Content-Type: application/sdp
Content-Length: 152

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.15
s=-
c=IN IP4 192.0.2.15
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
", Some(2)),
    // 3.1.2.7 <> Enclosing Request-URI
    ("ltgtruri", "INVITE <sip:user@example.com> SIP/2.0
To: sip:user@example.com
From: sip:caller@example.net;tag=39291
Max-Forwards: 23
Call-ID: ltgtruri.1@192.0.2.5
CSeq: 1 INVITE
Via: SIP/2.0/UDP 192.0.2.5
Contact: <sip:caller@host5.example.net>
Content-Type: application/sdp
Content-Length: 159

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.5
s=-
c=IN IP4 192.0.2.5
t=3149328700 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
", Some(1)),
    // 3.1.2.8 Malformed SIP Request-URI (embedded LWS)
    ("lwsruri", "INVITE sip:user@example.com; lr SIP/2.0
To: sip:user@example.com;tag=3xfe-9921883-z9f
From: sip:caller@example.net;tag=231413434
Max-Forwards: 5
Call-ID: lwsruri.asdfasdoeoi2323-asdfwrn23-asd834rk423
CSeq: 2130706432 INVITE
Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKkdjuw2395
Contact: <sip:caller@host1.example.net>
Content-Type: application/sdp
Content-Length: 159

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
s=-
c=IN IP4 192.0.2.1
t=3149328700 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
", Some(1)),
    // 3.1.2.9 Multiple SP Separating Request-Line Elements
    ("lwsstart", "INVITE  sip:user@example.com  SIP/2.0
Max-Forwards: 8
To: sip:user@example.com
From: sip:caller@example.net;tag=8814
Call-ID: lwsstart.dfknq234oi243099adsdfnawe3@example.com
CSeq: 1893884 INVITE
Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bKkdjuw3923
Contact: <sip:caller@host1.example.net>
Content-Type: application/sdp
Content-Length: 150

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
s=-
c=IN IP4 192.0.2.1
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
", Some(1)),
    // 3.1.2.10 SP Characters at End of Request-Line
    ("trws", "OPTIONS sip:remote-target@example.com SIP/2.0  \nVia: SIP/2.0/TCP host1.examle.com;branch=z9hG4bK299342093
To: <sip:remote-target@example.com>
From: <sip:local-resource@example.com>;tag=329429089
Call-ID: trws.oicu34958239neffasdhr2345r
Accept: application/sdp
CSeq: 238923 OPTIONS
Max-Forwards: 70
Content-Length: 0

", Some(1)),
    // 3.1.2.11 Escaped Headers in SIP Request-URI
    ("escruri", "INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0
To: sip:user@example.com
From: sip:caller@example.net;tag=341518
Max-Forwards: 7
Contact: <sip:caller@host39923.example.net>
Call-ID: escruri.23940-asdfhj-aje3br-234q098w-fawerh2q-h4n5
CSeq: 149209342 INVITE
Via: SIP/2.0/UDP host-of-the-hour.example.com;branch=z9hG4bKkdjuw
Content-Type: application/sdp
Content-Length: 150

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
s=-
c=IN IP4 192.0.2.1
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
", Some(1)),
    // 3.1.2.12 Invalid Time Zone in Date Header Field
    ("baddate", "INVITE sip:user@example.com SIP/2.0
To: sip:user@example.com
From: sip:caller@example.net;tag=2234923
Max-Forwards: 70
Call-ID: baddate.239423mnsadf3j23lj42--sedfnm234
CSeq: 1392934 INVITE
Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw
Date: Fri, 01 Jan 2010 16:00:00 EST
Contact: <sip:caller@host5.example.net>
Content-Type: application/sdp
Content-Length: 150

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.5
s=-
c=IN IP4 192.0.2.5
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
", Some(8)),
    // 3.1.2.13 Failure to Enclose name-addr URI in <>
    ("regbadct", "REGISTER sip:example.com SIP/2.0
To: sip:user@example.com
From: sip:user@example.com;tag=998332
Max-Forwards: 70
Call-ID: regbadct.k345asrl3fdbv@10.0.0.1
CSeq: 1 REGISTER
Via: SIP/2.0/UDP 135.180.130.133:5060;branch=z9hG4bKkdjuw
Contact: sip:user@example.com?Route=%3Csip:sip.example.com%3E
l: 0

", Some(8)),
    // 3.1.2.14 Spaces within addr-spec
    ("badaspec", "OPTIONS sip:user@example.org SIP/2.0
Via: SIP/2.0/UDP host4.example.com:5060;branch=z9hG4bKkdju43234
Max-Forwards: 70
From: \"Bell, Alexander\" <sip:a.g.bell@example.com>;tag=433423
To: \"Watson, Thomas\" < sip:t.watson@example.org >
Call-ID: badaspec.sdf0234n2nds0a099u23h3hnnw009cdkne3
Accept: application/sdp
CSeq: 3923239 OPTIONS
l: 0

", Some(5)),
    // 3.1.2.15 Non-token Characters in Display Name
    ("baddn", "OPTIONS sip:t.watson@example.org SIP/2.0
Via:     SIP/2.0/UDP c.example.com:5060;branch=z9hG4bKkdjuw
Max-Forwards:      70
From:    Bell, Alexander <sip:a.g.bell@example.com>;tag=43
To:      Watson, Thomas <sip:t.watson@example.org>
Call-ID: baddn.31415@c.example.com
Accept: application/sdp
CSeq:    3923239 OPTIONS
l: 0

", Some(4)),
    // 3.1.2.16 Unknown Protocol Version
    ("badvers", "OPTIONS sip:t.watson@example.org SIP/7.0
Via:     SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw
Max-Forwards:     70
From:    A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe
To:      T. Watson <sip:t.watson@example.org>
Call-ID: badvers.31417@c.example.com
CSeq:    1 OPTIONS
l: 0

", Some(1)),
    // 3.1.2.17 Start Line and CSeq Method Mismatch
    ("mismatch01", "OPTIONS sip:user@example.com SIP/2.0
To: sip:j.user@example.com
From: sip:caller@example.net;tag=34525
Max-Forwards: 6
Call-ID: mismatch01.dj0234sxdfl3
CSeq: 8 INVITE
Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw
l: 0

", Some(6)),
    // 3.1.2.18 Unknown Method with CSeq Method Mismatch
    ("mismatch02", "NEWMETHOD sip:user@example.com SIP/2.0
To: sip:j.user@example.com
From: sip:caller@example.net;tag=34525
Max-Forwards: 6
Call-ID: mismatch02.dj0234sxdfl3
CSeq: 8 INVITE
Contact: <sip:caller@host.example.net>
Via: SIP/2.0/UDP host.example.net;branch=z9hG4bKkdjuw
Content-Type: application/sdp
l: 138

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
c=IN IP4 192.0.2.1
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
", Some(6)),
    // 3.1.2.19 Overlarge Response Code
    ("bigcode", "SIP/2.0 4294967301 better not break the receiver
Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe
Call-ID: bigcode.asdof3uj203asdnf3429uasdhfas3ehjasdfas9i
CSeq: 353494 INVITE
From: <sip:user@example.com>;tag=39ansfi3
To: <sip:user@example.edu>;tag=902jndnke3
Content-Length: 0
Contact: <sip:user@host105.example.com>

", Some(1)),
    // 3.3.8 Multiple Values in Single Value Required Fields
    ("multi01", "INVITE sip:user@company.com SIP/2.0
Contact: <sip:caller@host25.example.net>
Via: SIP/2.0/UDP 192.0.2.25;branch=z9hG4bKkdjuw
Max-Forwards: 70
CSeq: 5 INVITE
Call-ID: multi01.98asdh@192.0.2.1
CSeq: 59 INVITE
Call-ID: multi01.98asdh@192.0.2.2
From: sip:caller@example.com;tag=3413415
To: sip:user@example.com
To: sip:other@example.net
From: sip:caller@example.net;tag=2923420123
Content-Type: application/sdp
l: 154
Contact: <sip:caller@host36.example.net>
Max-Forwards: 5

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.25
s=-
c=IN IP4 192.0.2.25
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
", Some(7)),
    // 3.3.9 Multiple Content-Length Values
    ("mcl01", "OPTIONS sip:user@example.com SIP/2.0
Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bK293423
To: sip:user@example.com
From: sip:other@example.net;tag=3923942
Call-ID: mcl01.fhn2323orihawfdoa3o4r52o3irsdf
CSeq: 15932 OPTIONS
Content-Length: 13
Max-Forwards: 60
Content-Length: 5
Content-Type: text/plain

There's no way to know how many octets are supposed to be here.
", Some(9)),
];

fn crlf(s: &str) -> String {
    s.replace('\n', "\r\n")
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[test]
fn rfc4475_valid_messages_parse_and_invalid_ones_point_at_the_fault() {
    let mut valid = 0;
    let mut invalid = 0;
    for (name, msg, bad_line) in TORTURE {
        let text = crlf(msg);
        assert!(
            sip::is_start_line(text.lines().next().unwrap()),
            "{name}: the start line is recognised"
        );
        let mut findings = Vec::new();
        let m = sip::parse(&text, true, &mut findings);
        let warnings: Vec<_> = m
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
            .collect();
        match bad_line {
            None => {
                valid += 1;
                assert!(
                    warnings.is_empty(),
                    "{name} is valid (RFC 4475): {warnings:?}"
                );
                assert!(findings.is_empty(), "{name}: {findings:?}");
            }
            Some(line) => {
                invalid += 1;
                assert!(
                    warnings.iter().any(|p| line_of(&text, p.offset) == *line),
                    "{name}: a problem on line {line}, got {:?}",
                    warnings
                        .iter()
                        .map(|p| (line_of(&text, p.offset), &p.message))
                        .collect::<Vec<_>>()
                );
            }
        }
        // Whatever the message, inspecting it never panics and the problems
        // reach the report with their locations.
        let r = inspect(&text, &Options::default());
        if bad_line.is_some() {
            assert!(
                r.findings
                    .iter()
                    .any(|f| f.id == ids::INPUT_MALFORMED && f.location.is_some()),
                "{name}: the report carries the located problem"
            );
        }
    }
    assert!(
        valid >= 12 && invalid >= 20,
        "{valid} valid, {invalid} invalid"
    );
}

#[test]
fn rfc4475_parties_come_from_the_uri() {
    let get = |name: &str| {
        let (_, msg, _) = TORTURE.iter().find(|(n, ..)| *n == name).unwrap();
        inspect(&crlf(msg), &Options::default())
    };
    let r = get("inv2543");
    let p = r.call.presented.as_ref().unwrap();
    assert_eq!(
        p.from.as_ref().unwrap().number.as_deref(),
        Some("+13035551111")
    );
    assert_eq!(
        p.to.as_ref().unwrap().number.as_deref(),
        Some("+16505552222")
    );
    let r = get("wsinv");
    let p = r.call.presented.as_ref().unwrap();
    assert_eq!(
        p.from.as_ref().unwrap().display_name.as_deref(),
        Some("J Rosenberg \\\"")
    );
    assert_eq!(p.from.as_ref().unwrap().number, None);
}

#[test]
fn hostile_fragments_of_headers_never_panic() {
    let pieces = [
        "\"", "\\", "<", ">", ";", ",", "=", ":", "sip:", "tel:", "%", "%0", " ", "\r\n ",
        "\u{202E}", "é", "+1", "@",
    ];
    for a in pieces {
        for b in pieces {
            for c in pieces {
                let v = format!("{a}{b}{c}");
                let _ = parse_address(&v);
                let _ = parse_address_list(&v);
                let msg = format!(
                    "INVITE sip:x@y SIP/2.0\r\nFrom: {v}\r\nTo: {v}\r\nContact: {v}\r\nVia: {v}\r\n\r\n"
                );
                let mut f = Vec::new();
                let _ = sip::parse(&msg, true, &mut f);
            }
        }
    }
}
