/*
 * test_repr.c: rco_repr writes what Python 3.11's repr() writes.
 *
 * Unless a test says otherwise, every expected string below was printed by
 * CPython 3.11.7 on this machine, with repr() of the same value, and pasted
 * in as a literal (the exceptions: addresses, which only the running test
 * knows, and texts too deep for Python's repr). The generated parts came
 * from:
 *
 *   all 256 byte values: repr(bytes(range(256))), cut 16 values a line;
 *
 *   random doubles (seed 20240611): 100 random finite bit patterns, 50
 *   random magnitudes, 50 short decimals, each printed as
 *       print('{ %s, "%s" },' % (v.hex(), repr(v)))
 *   so the C hex literal is the exact double Python printed;
 *
 *   code points (seed 3110): 90 code points on either side of an edge
 *   between printable and non-printable (str.isprintable(), Unicode
 *   14.0.0), 40 random BMP and 30 random supplementary ones, each with
 *   repr(chr(cp))[1:-1], NULL where repr keeps the character itself.
 *
 * rco's own rules where Python has no equivalent: sets print in insertion
 * order (Python prints them in hash order), instances print as
 * <Name object at %p> without a module, and a tuple or list slot not yet
 * filled prints as <NULL>.
 */
#include "rco_test.h"

#include <math.h>

/* ---- helpers ----------------------------------------------------------- */

static void assert_float_repr(double v, const char *expected)
{
    rco_object *f = rco_float(v);
    assert_non_null(f);
    rco_object *r = rco_repr(f);
    assert_non_null(r);
    char got[64];
    snprintf(got, sizeof got, "%s", rco_str_utf8(r));
    rco_decref(r);
    rco_decref(f);
    if (strcmp(got, expected) != 0) {
        fprintf(stderr, "repr(%a): expected %s, got %s\n", v, expected, got);
        fail();
    }
}

static void assert_str_repr(const char *utf8, const char *expected)
{
    rco_object *s = rco_str(utf8);
    assert_non_null(s);
    assert_repr(s, expected);
    rco_decref(s);
}

static void assert_bytes_repr(const void *data, size_t n, const char *expected)
{
    rco_object *b = rco_bytes(data, n);
    assert_non_null(b);
    assert_repr(b, expected);
    rco_decref(b);
}

static size_t live_blocks(void)
{
    rco_mem_stats stats;
    rco_mem_get_stats(&stats);
    return stats.blocks_in_use;
}

/* The repr of o as a malloc'ed C string (so that long texts can be
 * inspected piecewise), or NULL when rco_repr fails. */
static char *repr_text(rco_object *o, size_t *len)
{
    rco_object *r = rco_repr(o);
    if (!r)
        return NULL;
    *len = (size_t)rco_str_size(r);
    char *text = malloc(*len + 1);
    assert_non_null(text);
    memcpy(text, rco_str_utf8(r), *len + 1);
    rco_decref(r);
    return text;
}

/* ---- None, bools, ints ----------------------------------------------- */

static void none_true_false_print_their_names(void **state)
{
    assert_repr(rco_none(), "None");
    assert_repr(rco_true(), "True");
    assert_repr(rco_false(), "False");
    assert_repr(rco_bool(7), "True");
    assert_repr(rco_bool(0), "False");
}

static void small_ints_print_in_decimal(void **state)
{
    static const struct { int64_t v; const char *text; } cases[] = {
        { 0, "0" }, { 1, "1" }, { -1, "-1" }, { -5, "-5" }, { -6, "-6" },
        { 42, "42" }, { 256, "256" }, { 257, "257" }, { 1000000, "1000000" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rco_object *n = rco_int(cases[i].v);
        assert_repr(n, cases[i].text);
        rco_decref(n);
    }
}

static void int64_extremes_print_in_full(void **state)
{
    rco_object *max = rco_int(INT64_MAX);
    rco_object *min = rco_int(INT64_MIN);
    rco_object *from_unsigned = rco_int_from_uint64((uint64_t)INT64_MAX);
    assert_repr(max, "9223372036854775807");
    assert_repr(min, "-9223372036854775808");
    assert_repr(from_unsigned, "9223372036854775807");
    rco_decref(max);
    rco_decref(min);
    rco_decref(from_unsigned);
}

/* ---- floats ---------------------------------------------------------- */

static void float_zeros_and_integral_values_keep_a_point(void **state)
{
    assert_float_repr(0.0, "0.0");
    assert_float_repr(-0.0, "-0.0");
    assert_float_repr(1.0, "1.0");
    assert_float_repr(-1.5, "-1.5");
    assert_float_repr(100.0, "100.0");
    assert_float_repr(123456.0, "123456.0");
}

static void float_prints_shortest_round_trip_digits(void **state)
{
    assert_float_repr(0.1, "0.1");
    assert_float_repr(1.0 / 3.0, "0.3333333333333333");
    assert_float_repr(1234.5678, "1234.5678");
    assert_float_repr(0.001, "0.001");
    assert_float_repr(2.5e-7, "2.5e-07");
}

static void float_switches_to_exponent_at_1e16(void **state)
{
    assert_float_repr(1e15, "1000000000000000.0");
    assert_float_repr(9999999999999998.0, "9999999999999998.0");
    assert_float_repr(1e16, "1e+16");
    assert_float_repr(123456789012345678.0, "1.2345678901234568e+17");
    assert_float_repr(1e22, "1e+22");
}

static void float_switches_to_exponent_below_1e_4(void **state)
{
    assert_float_repr(1e-4, "0.0001");
    assert_float_repr(1e-5, "1e-05");
    assert_float_repr(1e-7, "1e-07");
}

static void float_extremes_print_like_python(void **state)
{
    assert_float_repr(5e-324, "5e-324");
    assert_float_repr(1.7976931348623157e308, "1.7976931348623157e+308");
}

static void float_infinities_and_nan_print_bare(void **state)
{
    assert_float_repr(HUGE_VAL, "inf");
    assert_float_repr(-HUGE_VAL, "-inf");
    assert_float_repr(NAN, "nan");
    assert_float_repr(-NAN, "nan");
}

/* Powers of two sit where the gap to the next smaller double is half the
 * gap to the next larger one, so the shortest digits that read back may lie
 * above the value even when the nearest ones of that length lie below. */
static void float_powers_of_two_print_shortest_digits(void **state)
{
    assert_float_repr(0x1p-24, "5.960464477539063e-08");
    assert_float_repr(0x1p+89, "6.189700196426902e+26");
    assert_float_repr(0x1p-44, "5.684341886080802e-14");
    assert_float_repr(0x1p-97, "6.310887241768095e-30");
}

static const struct { double v; const char *text; } random_doubles[] = {
    { -0x1.6e55e9b9b1325p+283, "-2.2239649050108196e+85" },
    { 0x1.bf9d7c55a45f8p+359, "2.0532095845172635e+108" },
    { -0x1.c26ef4243ed52p+241, "-6.217554322597633e+72" },
    { 0x1.6cf7f265beda9p+474, "6.953979603744903e+142" },
    { -0x1.77cffb7decc0cp+30, "-1576271583.481204" },
    { 0x1.a0a2edd70e34dp+487, "6.503171038669016e+146" },
    { 0x1.3513755ac0ecdp-953, "1.5857673189191353e-287" },
    { -0x1.523a53b4a3ee2p-200, "-8.221863336486e-61" },
    { 0x1.45321ad915a36p+223, "1.7123553371149197e+67" },
    { -0x1.3beb1e6ba3ad7p-637, "-2.1638530463091063e-192" },
    { -0x1.eabbd1fcfb980p+469, "-2.9219572677923937e+141" },
    { 0x1.447c10cc8af11p+644, "9.252761636154696e+193" },
    { -0x1.637dd5bae2d26p-4, "-0.08678992737093391" },
    { -0x1.09b824ca87fc2p-274, "-3.419513645011445e-83" },
    { 0x1.d003d9a0b2361p-679, "7.226450560613817e-205" },
    { 0x1.135342e825ce1p-512, "8.021365036472743e-155" },
    { 0x1.5f28807f0cbd4p-192, "2.1852629101185172e-58" },
    { 0x1.9f4ad53a2f2b6p-1010, "1.4784897218736648e-304" },
    { 0x1.346363c234038p+205, "6.194509959718476e+61" },
    { -0x1.0a5494d14cf1ap+308, "-5.425245977872505e+92" },
    { 0x1.dc8f46a423cf9p+617, "1.0124757898277046e+186" },
    { -0x1.8403035c9a8c4p+280, "-2.944446857366267e+84" },
    { 0x1.890e0f94855d0p+870, "1.2086749044087354e+262" },
    { -0x1.d8bb09f2e9ea4p-266, "-1.5573811799210805e-80" },
    { -0x1.fdec6baecde5bp-354, "-5.42808465396562e-107" },
    { 0x1.f071a5fd8e665p+666, "5.937551093150185e+200" },
    { -0x1.d5644ef7d9967p+899, "-7.749285522714588e+270" },
    { -0x1.b462fd6fad8dbp+992, "-7.134888966143026e+298" },
    { -0x1.8bd763f20134cp+434, "-6.859608543352666e+130" },
    { 0x1.6c215b5fa5b0cp-795, "6.826063143799301e-240" },
    { -0x1.16c30f1f0742ap-11, "-0.0005316962232232482" },
    { 0x1.acab59248b974p+35, "57535023396.36221" },
    { 0x1.354b65ed08d6bp+119, "8.02974492705291e+35" },
    { 0x1.cfb366088155fp-88, "5.852726618138463e-27" },
    { 0x1.990fad57dcafdp-131, "5.869740909421409e-40" },
    { 0x1.d41ef88c279d9p-405, "2.2129413115836295e-122" },
    { 0x1.b8cb8ef65ed78p+732, "3.8900364282728575e+220" },
    { 0x1.bc896afbec9a6p-799, "5.2083625442892846e-241" },
    { -0x1.3d2a5d1764460p+471, "-7.553946583906249e+141" },
    { -0x1.aea0eaa72870bp+417, "-5.693391869688787e+125" },
    { 0x1.da21c604af42ap-900, "2.1911047409340847e-271" },
    { -0x1.737815438a5b5p+280, "-2.818911778819916e+84" },
    { -0x1.45145f585675fp+751, "-1.5040991579148302e+226" },
    { -0x1.0c3f0b2e73ae0p-946, "-1.761642662237934e-285" },
    { 0x1.0f9be67fd4c1ep+457, "3.948318576242007e+137" },
    { -0x1.bf36518677db7p-346, "-1.2186953655621338e-104" },
    { -0x1.94aba6a42ed19p+676, "-4.956084037695639e+203" },
    { 0x1.af36fb78eda4fp+784, "1.7138399726928506e+236" },
    { -0x1.ab21554c6c4b3p+162, "-9.753929657132168e+48" },
    { 0x1.bf777e1030fe1p-779, "5.49736026339521e-235" },
    { -0x1.a3e291dd257d5p-759, "-5.409083994422672e-229" },
    { 0x1.126319a72180dp-287, "4.310374302572617e-87" },
    { -0x1.5ce26af1ac6dap+1006, "-9.345817125499125e+302" },
    { -0x1.1d7b90ff191f0p+196, "-1.1200023960706483e+59" },
    { -0x1.8f221a91b4e9dp+887, "-1.608733339066941e+267" },
    { 0x1.6b263ab8474ccp+167, "2.6537167274827663e+50" },
    { -0x1.9c846b6b81ec6p+105, "-6.53659696798518e+31" },
    { 0x1.f2002b9f7f89ep+310, "4.0577810885461344e+93" },
    { 0x1.cca5db3c7b88ep-170, "1.2023470587576948e-51" },
    { -0x1.ce06bf9a21be1p-936, "-3.107068645161848e-282" },
    { 0x1.89680e98c5884p-979, "3.0077087603228884e-295" },
    { -0x1.42260559d7e79p+357, "-3.6942359140577326e+107" },
    { 0x1.3b8248ac03649p-952, "3.2375449474128926e-287" },
    { 0x1.89b41f339a684p-51, "6.8296687940174e-16" },
    { -0x1.c20053f91ed95p+361, "-8.256618527360458e+108" },
    { 0x1.e45815c00d3d2p+501, "1.2386307567357675e+151" },
    { -0x1.4f14cc599fac7p-912, "-3.7805423472813974e-275" },
    { -0x1.06b36b9ea43d4p+303, "-1.6722847020612747e+91" },
    { -0x1.57e606d09cf94p-213, "-1.0204724682369557e-64" },
    { -0x1.eac030bab1534p-814, "-1.7547066843945634e-245" },
    { 0x1.09be3c444a62ep-425, "1.1980470828406925e-128" },
    { -0x1.0eb98ea70df2dp+723, "-4.666325117398886e+217" },
    { 0x1.945bae4114d10p-716, "4.581939138498141e-216" },
    { 0x1.a6f09be38fcbbp+12, "6767.038058816625" },
    { -0x1.f0231deef4351p+306, "-2.52662318921421e+92" },
    { -0x1.d442ec56309d2p+144, "-4.0791322597611117e+43" },
    { 0x1.6ecec43432c6bp-983, "1.7527207115595254e-296" },
    { -0x1.458d39fd583ebp-68, "-4.308640425335931e-21" },
    { 0x1.94334742de49bp+63, "1.4562850783828957e+19" },
    { -0x1.d8eca9f374cd6p+876, "-9.307392322080416e+263" },
    { 0x1.3d03e9e6024cdp-470, "4.062022070616369e-142" },
    { 0x1.d125a162d85c6p-47, "1.2910422558983494e-14" },
    { -0x1.25394dbda118bp+815, "-2.502682641559152e+245" },
    { 0x1.27301507a4f34p+403, "2.3820272328327517e+121" },
    { 0x1.22873705bdd12p+891, "1.8735894823205976e+268" },
    { 0x1.7a2cb603c1616p-825, "6.602463791910131e-249" },
    { 0x1.e0b0d13f8bb73p+153, "2.1439521322200368e+46" },
    { 0x1.5a2d038ccde1ep-376, "8.785741357774578e-114" },
    { -0x1.60abb7e3b9a59p+610, "-5.853651480927078e+183" },
    { -0x1.11e83fb7eca2fp-555, "-9.072269124387525e-168" },
    { 0x1.5c425b110d30ap+663, "5.206546608840113e+199" },
    { 0x1.a44422f862cecp-269, "1.7306754034539922e-81" },
    { -0x1.1d62f48f8f164p-521, "-1.623924321558458e-157" },
    { -0x1.f9f4b0ecb476fp-33, "-2.3008207092770538e-10" },
    { -0x1.83592e220532fp+303, "-2.465757953328236e+91" },
    { -0x1.5f6aa8e18a60ep+614, "-9.332536425193007e+184" },
    { -0x1.16bb4f69ceaf6p+834, "-1.2472765338908845e+251" },
    { -0x1.fe4dd0d2671efp-182, "-3.2518444921312046e-55" },
    { -0x1.243377202aed9p+203, "-1.4673405064521626e+61" },
    { -0x1.055b6c1e6c246p+223, "-1.3762058547222976e+67" },
    { -0x1.6da164493f393p-54, "-7.928346271488964e-17" },
    { 0x1.6abe9c0cb3186p+18, "371450.4382751215" },
    { 0x1.35567045743bap-7, "0.009440235919926699" },
    { 0x1.f034b56261a91p-29, "3.6103730432282743e-09" },
    { -0x1.31364a4a01ba6p-39, "-2.1686621995907038e-12" },
    { 0x1.565ea02f32067p+59, "7.70947872917042e+17" },
    { -0x1.63034d4c3a3a4p-2, "-0.34669228341823044" },
    { 0x1.9f6e84958c851p-11, "0.0007923731051902115" },
    { -0x1.6f2c274601ad5p-61, "-6.220143660555018e-19" },
    { -0x1.a0d078332acc0p+45, "-57286525871449.5" },
    { -0x1.910868b780af8p-19, "-2.9879275549327912e-06" },
    { 0x1.35bd4c9323dcfp-34, "7.042659710537044e-11" },
    { 0x1.68fb29a928fcbp-4, "0.08813015245192372" },
    { -0x1.a6de3e47d6a35p+20, "-1732067.892538679" },
    { -0x1.feb6fccbb7e0ep-29, "-3.71593920031882e-09" },
    { 0x1.7a12153f80e00p+29, "792871591.9379272" },
    { -0x1.6305b10fb9effp-49, "-2.463461608266837e-15" },
    { -0x1.bad7e9b761612p-41, "-7.866479200980593e-13" },
    { -0x1.9281f1340a612p-18, "-5.9978304314616655e-06" },
    { 0x1.10e3caa12eb3fp+43, "9376422496629.623" },
    { 0x1.5a384ed50bc66p+62, "6.236944203187853e+18" },
    { 0x1.e79f209a7a7dcp+61, "4.3921048332025016e+18" },
    { -0x1.2390c5b3889cap+38, "-313066089698.15295" },
    { -0x1.a670fef7ad446p+15, "-54072.49798337421" },
    { -0x1.30c06e459a159p-69, "-2.0166774680189326e-21" },
    { -0x1.3911d8f88746ep-32, "-2.8473524886238556e-10" },
    { 0x1.0edc699973ea1p+13, "8667.55156221922" },
    { 0x1.6238d42469dc2p-34, "8.054075511465632e-11" },
    { 0x1.20787f3d074d0p-4, "0.07042741491791848" },
    { -0x1.03f4b04941f6ep+48, "-285824441205238.9" },
    { -0x1.d58d9f098e8b9p+9, "-939.1064159341832" },
    { 0x1.85daacecd4129p+9, "779.7084022555838" },
    { -0x1.b171f1867cef6p+13, "-13870.242932296806" },
    { -0x1.7d9f7aa2ea31fp+62, "-6.874708172469992e+18" },
    { -0x1.09444773ee8fap+33, "-8900873959.863758" },
    { 0x1.71435a592c83ep-55, "4.003558523723113e-17" },
    { -0x1.fa6ab7fb76b84p+15, "-64821.35934039115" },
    { -0x1.1fdbf5298a8ebp-7, "-0.008784765918865086" },
    { -0x1.e541884f7ca6fp+43, "-16673268726757.217" },
    { -0x1.71b8dcd22f7a9p+5, "-46.21526493270296" },
    { -0x1.243d078474ffbp+66, "-8.42319827925372e+19" },
    { 0x1.708f0adebed40p+46, "101308660428725.0" },
    { 0x1.ada658def0f49p-71, "7.107959588434143e-22" },
    { -0x1.7c98ae4c6c768p+49, "-836940355655917.0" },
    { -0x1.17d7ce66d5ae2p-4, "-0.06832104325927049" },
    { -0x1.bfd82c53775e7p+45, "-61551269277419.805" },
    { 0x1.96bc2f8f89637p-51, "7.055729277202396e-16" },
    { -0x1.c227102b537a3p-49, "-3.1235610658615687e-15" },
    { 0x1.3599501cd7828p+2, "4.83748247925363" },
    { -0x1.9b0c55d79b89bp+57, "-2.313995565142557e+17" },
    { -0x1.5fdbc9c450269p+18, "-360303.152607" },
    { 0x1.781d9157689cap+17, "192571.13548" },
    { -0x1.9fbdd72782907p+19, "-851438.723573" },
    { -0x1.93fd800000000p+18, "-413686.0" },
    { 0x1.24359883126e9p+19, "598444.766" },
    { 0x1.16aa1f46dc5d6p+19, "570704.9774" },
    { 0x1.1c9cdd58e2196p+19, "582886.9171" },
    { -0x1.3dfbb171c970fp+18, "-325614.77257" },
    { -0x1.5e3681c714fcep+14, "-22413.626736" },
    { -0x1.9f5794a3d70a4p+19, "-850620.645" },
    { 0x1.5ca0000000000p+19, "713984.0" },
    { -0x1.6dd8000000000p+13, "-11707.0" },
    { 0x1.24164cac08312p+17, "149548.599" },
    { 0x1.3792000000000p+17, "159524.0" },
    { -0x1.249404e7ab756p+18, "-299600.07664" },
    { -0x1.229361c432ca5p+16, "-74387.3819" },
    { -0x1.346debe521577p+18, "-315831.68586" },
    { 0x1.721b82c3c9eedp+15, "47373.7554" },
    { -0x1.626d4a0507a6cp+18, "-362933.156557" },
    { 0x1.fbfd34dd2f1aap+17, "260090.413" },
    { -0x1.8bf1ba7829069p+16, "-101361.728396" },
    { 0x1.6039300000000p+19, "721353.5" },
    { -0x1.aebe604189375p+16, "-110270.376" },
    { -0x1.421ac9999999ap+19, "-659670.3" },
    { 0x1.7757f66666666p+19, "768703.7" },
    { -0x1.40166de108c3fp+19, "-655539.43372" },
    { 0x1.5d7dbc0e7ff58p+19, "715757.87677" },
    { -0x1.1f3a60a5ce5b4p+19, "-588243.02024" },
    { 0x1.65d2be69ad42cp+15, "45801.3719" },
    { 0x1.2d1dff4da9004p+19, "616687.97823" },
    { 0x1.704a000000000p+17, "188564.0" },
    { -0x1.40c241e3a7daap+15, "-41057.12869" },
    { 0x1.ae267a83f91e6p+19, "880947.82861" },
    { 0x1.ced80c28cbd12p+19, "947904.37998" },
    { 0x1.d80d99999999ap+18, "483382.4" },
    { -0x1.df02c00000000p+18, "-490507.0" },
    { 0x1.444c5a6e978d5p+18, "332081.413" },
    { 0x1.727063851eb85p+19, "758659.11" },
    { 0x1.afffda3a0c6b5p+18, "442367.409793" },
    { 0x1.3c282883126e9p+18, "323744.633" },
    { -0x1.6f011cccccccdp+19, "-751624.9" },
    { -0x1.3b42e00000000p+19, "-645655.0" },
    { 0x1.cfb31cac08312p+14, "29676.778" },
    { -0x1.da5ffc0d1b717p+18, "-485759.9383" },
    { 0x1.91606c8b43958p+15, "51376.212" },
    { -0x1.53dcc00000000p+18, "-348019.0" },
    { 0x1.8265e00000000p+19, "791343.0" },
    { 0x1.c1292fae147aep+19, "919881.49" },
    { 0x1.0da5933333333p+18, "276118.3" },
    { 0x1.4a0f78beb5b2dp+16, "84495.47166" },
};

static void float_random_doubles_print_like_python(void **state)
{
    size_t wrong = 0;
    for (size_t i = 0; i < sizeof random_doubles / sizeof random_doubles[0]; i++) {
        rco_object *f = rco_float(random_doubles[i].v);
        assert_non_null(f);
        rco_object *r = rco_repr(f);
        assert_non_null(r);
        if (strcmp(rco_str_utf8(r), random_doubles[i].text) != 0) {
            fprintf(stderr, "repr(%a): expected %s, got %s\n", random_doubles[i].v,
                    random_doubles[i].text, rco_str_utf8(r));
            wrong++;
        }
        rco_decref(r);
        rco_decref(f);
    }
    assert_int_equal(wrong, 0);
}

/* ---- str ------------------------------------------------------------- */

static void str_uses_single_quotes_by_default(void **state)
{
    assert_str_repr("hello", "'hello'");
    assert_str_repr("", "''");
    assert_str_repr("\"", "'\"'");
    assert_str_repr("say \"hi\"", "'say \"hi\"'");
}

static void str_with_only_single_quotes_uses_double_quotes(void **state)
{
    assert_str_repr("it's", "\"it's\"");
    assert_str_repr("'", "\"'\"");
}

static void str_with_both_quotes_escapes_the_single_ones(void **state)
{
    assert_str_repr("it's \"both\"", "'it\\'s \"both\"'");
}

static void str_escapes_backslash(void **state)
{
    assert_str_repr("back\\slash", "'back\\\\slash'");
}

static void str_escapes_tab_newline_return_by_name(void **state)
{
    assert_str_repr("\t\n\r", "'\\t\\n\\r'");
}

static void str_escapes_other_control_chars_as_hex(void **state)
{
    assert_str_repr("\x01\x7f\x1f", "'\\x01\\x7f\\x1f'");
}

static void str_keeps_printable_non_ascii(void **state)
{
    assert_str_repr("\u00e9\u4e2d\U0001F600", "'\u00e9\u4e2d\U0001F600'");
}

static void str_escapes_non_printable_non_ascii(void **state)
{
    assert_str_repr("\u00a0", "'\\xa0'");
    assert_str_repr("\u200b", "'\\u200b'");
    assert_str_repr("\ue000", "'\\ue000'");
    assert_str_repr("\U000e0001", "'\\U000e0001'");
    assert_str_repr("\u2028", "'\\u2028'");
    /* U+0080, U+009F, U+00AD, as raw UTF-8: C forbids universal character
     * names below U+00A0 */
    assert_str_repr("\xc2\x80\xc2\x9f\xc2\xad", "'\\x80\\x9f\\xad'");
}

static void str_with_embedded_nul_escapes_it(void **state)
{
    rco_object *s = rco_str_n("a\0b", 3);
    assert_non_null(s);
    assert_repr(s, "'a\\x00b'");
    rco_decref(s);
}

static const struct { uint32_t cp; const char *escape; } code_points[] = {
    { 0x00092, "\\x92" },
    { 0x00241, NULL },
    { 0x0058D, NULL },
    { 0x006DD, "\\u06dd" },
    { 0x00A48, NULL },
    { 0x00A5D, "\\u0a5d" },
    { 0x00B4A, "\\u0b4a" },
    { 0x00B91, "\\u0b91" },
    { 0x00BA3, NULL },
    { 0x00BAB, "\\u0bab" },
    { 0x00BBD, "\\u0bbd" },
    { 0x00BC6, NULL },
    { 0x00D45, "\\u0d45" },
    { 0x00E3A, NULL },
    { 0x00E5C, "\\u0e5c" },
    { 0x00E84, NULL },
    { 0x00F6C, NULL },
    { 0x012B5, NULL },
    { 0x01384, NULL },
    { 0x0139F, "\\u139f" },
    { 0x01700, NULL },
    { 0x01771, "\\u1771" },
    { 0x01773, NULL },
    { 0x01820, NULL },
    { 0x0191F, "\\u191f" },
    { 0x01970, NULL },
    { 0x019AC, "\\u19ac" },
    { 0x019C9, NULL },
    { 0x01A60, NULL },
    { 0x01CBB, "\\u1cbb" },
    { 0x01F1E, "\\u1f1e" },
    { 0x0205E, NULL },
    { 0x0213B, NULL },
    { 0x02427, "\\u2427" },
    { 0x0246B, NULL },
    { 0x02A3D, NULL },
    { 0x02CA6, NULL },
    { 0x02DB7, "\\u2db7" },
    { 0x02E9A, "\\u2e9a" },
    { 0x02EF3, NULL },
    { 0x03562, NULL },
    { 0x04A1C, NULL },
    { 0x04D47, NULL },
    { 0x05E07, NULL },
    { 0x060B7, NULL },
    { 0x0688F, NULL },
    { 0x06AAF, NULL },
    { 0x06C3F, NULL },
    { 0x073C7, NULL },
    { 0x0783D, NULL },
    { 0x07C4B, NULL },
    { 0x07DF1, NULL },
    { 0x0856E, NULL },
    { 0x08944, NULL },
    { 0x090C8, NULL },
    { 0x09B00, NULL },
    { 0x0A7CA, NULL },
    { 0x0A9FF, "\\ua9ff" },
    { 0x0AB27, "\\uab27" },
    { 0x0AF49, NULL },
    { 0x0B60C, NULL },
    { 0x0B652, NULL },
    { 0x0BB56, NULL },
    { 0x0BE71, NULL },
    { 0x0CE73, NULL },
    { 0x0E24F, "\\ue24f" },
    { 0x0E663, "\\ue663" },
    { 0x0E6E4, "\\ue6e4" },
    { 0x0E7D9, "\\ue7d9" },
    { 0x0E8F4, "\\ue8f4" },
    { 0x0E8F9, "\\ue8f9" },
    { 0x0EAA5, "\\ueaa5" },
    { 0x0F4DB, "\\uf4db" },
    { 0x0FE53, "\\ufe53" },
    { 0x0FFD1, "\\uffd1" },
    { 0x10000, NULL },
    { 0x1003E, "\\U0001003e" },
    { 0x10133, NULL },
    { 0x101D0, NULL },
    { 0x102A0, NULL },
    { 0x1032C, "\\U0001032c" },
    { 0x10528, "\\U00010528" },
    { 0x1058B, "\\U0001058b" },
    { 0x105BA, "\\U000105ba" },
    { 0x105BD, "\\U000105bd" },
    { 0x10837, NULL },
    { 0x10838, NULL },
    { 0x1097F, "\\U0001097f" },
    { 0x10A05, NULL },
    { 0x10B77, "\\U00010b77" },
    { 0x10EAA, "\\U00010eaa" },
    { 0x111F5, "\\U000111f5" },
    { 0x1129D, NULL },
    { 0x112F9, NULL },
    { 0x1134D, NULL },
    { 0x1136C, NULL },
    { 0x1136F, "\\U0001136f" },
    { 0x11645, "\\U00011645" },
    { 0x11908, "\\U00011908" },
    { 0x11914, "\\U00011914" },
    { 0x11918, NULL },
    { 0x1195A, "\\U0001195a" },
    { 0x119D7, NULL },
    { 0x11C38, NULL },
    { 0x11CA9, NULL },
    { 0x11D68, NULL },
    { 0x1246E, NULL },
    { 0x132F1, NULL },
    { 0x16B50, NULL },
    { 0x1AFF4, "\\U0001aff4" },
    { 0x1D4A2, NULL },
    { 0x1D4BA, "\\U0001d4ba" },
    { 0x1D53F, "\\U0001d53f" },
    { 0x1D6A5, NULL },
    { 0x1DA9F, NULL },
    { 0x1E018, NULL },
    { 0x1E01A, "\\U0001e01a" },
    { 0x1E7EE, NULL },
    { 0x1EE23, "\\U0001ee23" },
    { 0x1EE49, NULL },
    { 0x1EE4A, "\\U0001ee4a" },
    { 0x1EE5A, "\\U0001ee5a" },
    { 0x1EE79, NULL },
    { 0x1EEAB, NULL },
    { 0x1F0D0, "\\U0001f0d0" },
    { 0x1F773, NULL },
    { 0x1FAAF, "\\U0001faaf" },
    { 0x1FAD0, NULL },
    { 0x21330, NULL },
    { 0x2B738, NULL },
    { 0x2B73F, "\\U0002b73f" },
    { 0x2EBE1, "\\U0002ebe1" },
    { 0x4DF22, "\\U0004df22" },
    { 0x52154, "\\U00052154" },
    { 0x6875D, "\\U0006875d" },
    { 0x6D05B, "\\U0006d05b" },
    { 0x80250, "\\U00080250" },
    { 0x860E2, "\\U000860e2" },
    { 0x8CE6E, "\\U0008ce6e" },
    { 0x8DC67, "\\U0008dc67" },
    { 0x943D2, "\\U000943d2" },
    { 0x9E43F, "\\U0009e43f" },
    { 0xA142F, "\\U000a142f" },
    { 0xA5385, "\\U000a5385" },
    { 0xAF0FB, "\\U000af0fb" },
    { 0xB1BF0, "\\U000b1bf0" },
    { 0xB32F8, "\\U000b32f8" },
    { 0xB61EC, "\\U000b61ec" },
    { 0xBC116, "\\U000bc116" },
    { 0xBE2AB, "\\U000be2ab" },
    { 0xC256C, "\\U000c256c" },
    { 0xD0833, "\\U000d0833" },
    { 0xD964E, "\\U000d964e" },
    { 0xDABF9, "\\U000dabf9" },
    { 0xDFD9B, "\\U000dfd9b" },
    { 0xF3D48, "\\U000f3d48" },
    { 0x104790, "\\U00104790" },
    { 0x1067AA, "\\U001067aa" },
    { 0x108976, "\\U00108976" },
    { 0x10A996, "\\U0010a996" },
};

static size_t encode_utf8(uint32_t cp, char *out)
{
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static void str_printability_follows_unicode_14(void **state)
{
    size_t wrong = 0;
    for (size_t i = 0; i < sizeof code_points / sizeof code_points[0]; i++) {
        char utf8[4], expected[16];
        size_t n = encode_utf8(code_points[i].cp, utf8);
        if (code_points[i].escape)
            snprintf(expected, sizeof expected, "'%s'", code_points[i].escape);
        else
            snprintf(expected, sizeof expected, "'%.*s'", (int)n, utf8);
        rco_object *s = rco_str_n(utf8, n);
        assert_non_null(s);
        rco_object *r = rco_repr(s);
        assert_non_null(r);
        if (strcmp(rco_str_utf8(r), expected) != 0) {
            fprintf(stderr, "repr(chr(0x%X)): expected %s, got %s\n", (unsigned)code_points[i].cp,
                    expected, rco_str_utf8(r));
            wrong++;
        }
        rco_decref(r);
        rco_decref(s);
    }
    assert_int_equal(wrong, 0);
}

/* ---- bytes ----------------------------------------------------------- */

static void bytes_of_every_value_print_like_python(void **state)
{
    unsigned char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char)i;
    assert_bytes_repr(all, sizeof all,
        "b'\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t\\n\\x0b\\x0c\\r\\x0e\\x0f"
        "\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f"
        " !\"#$%&\\'()*+,-./"
        "0123456789:;<=>?"
        "@ABCDEFGHIJKLMNO"
        "PQRSTUVWXYZ[\\\\]^_"
        "`abcdefghijklmno"
        "pqrstuvwxyz{|}~\\x7f"
        "\\x80\\x81\\x82\\x83\\x84\\x85\\x86\\x87\\x88\\x89\\x8a\\x8b\\x8c\\x8d\\x8e\\x8f"
        "\\x90\\x91\\x92\\x93\\x94\\x95\\x96\\x97\\x98\\x99\\x9a\\x9b\\x9c\\x9d\\x9e\\x9f"
        "\\xa0\\xa1\\xa2\\xa3\\xa4\\xa5\\xa6\\xa7\\xa8\\xa9\\xaa\\xab\\xac\\xad\\xae\\xaf"
        "\\xb0\\xb1\\xb2\\xb3\\xb4\\xb5\\xb6\\xb7\\xb8\\xb9\\xba\\xbb\\xbc\\xbd\\xbe\\xbf"
        "\\xc0\\xc1\\xc2\\xc3\\xc4\\xc5\\xc6\\xc7\\xc8\\xc9\\xca\\xcb\\xcc\\xcd\\xce\\xcf"
        "\\xd0\\xd1\\xd2\\xd3\\xd4\\xd5\\xd6\\xd7\\xd8\\xd9\\xda\\xdb\\xdc\\xdd\\xde\\xdf"
        "\\xe0\\xe1\\xe2\\xe3\\xe4\\xe5\\xe6\\xe7\\xe8\\xe9\\xea\\xeb\\xec\\xed\\xee\\xef"
        "\\xf0\\xf1\\xf2\\xf3\\xf4\\xf5\\xf6\\xf7\\xf8\\xf9\\xfa\\xfb\\xfc\\xfd\\xfe\\xff'");
}

static void bytes_choose_quotes_like_str(void **state)
{
    assert_bytes_repr("", 0, "b''");
    assert_bytes_repr("it's", 4, "b\"it's\"");
    assert_bytes_repr("say \"hi\"", 8, "b'say \"hi\"'");
    assert_bytes_repr("it's \"both\"", 11, "b'it\\'s \"both\"'");
    assert_bytes_repr("\\", 1, "b'\\\\'");
}

/* ---- tuples, lists, dicts, sets ------------------------------------- */

/* Containers of the n objects given, stealing each: a value built in the
 * argument list needs no name of its own. */
static rco_object *tuple_stealing(size_t n, ...)
{
    va_list ap;
    va_start(ap, n);
    rco_object *t = rco_tuple_new(n);
    assert_non_null(t);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(rco_tuple_set_steal(t, i, va_arg(ap, rco_object *)), 0);
    va_end(ap);
    return t;
}

static rco_object *list_stealing(size_t n, ...)
{
    va_list ap;
    va_start(ap, n);
    rco_object *l = rco_list_new(0);
    assert_non_null(l);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(rco_list_append_steal(l, va_arg(ap, rco_object *)), 0);
    va_end(ap);
    return l;
}

/* npairs keys and values, alternating. */
static rco_object *dict_stealing(size_t npairs, ...)
{
    va_list ap;
    va_start(ap, npairs);
    rco_object *d = rco_dict_new();
    assert_non_null(d);
    for (size_t i = 0; i < npairs; i++) {
        rco_object *key = va_arg(ap, rco_object *);
        rco_object *value = va_arg(ap, rco_object *);
        assert_int_equal(rco_dict_set_steal(d, key, value), 0);
    }
    va_end(ap);
    return d;
}

static void empty_tuple_prints_parentheses(void **state)
{
    rco_object *t = rco_tuple_new(0);
    assert_repr(t, "()");
    rco_decref(t);
}

static void one_tuple_prints_trailing_comma(void **state)
{
    rco_object *t = tuple_stealing(1, rco_str("a"));
    assert_repr(t, "('a',)");
    rco_object *nested = tuple_stealing(1, tuple_stealing(1, rco_int(1)));
    assert_repr(nested, "((1,),)");
    rco_decref(nested);
    rco_decref(t);
}

static void pair_tuple_prints_without_trailing_comma(void **state)
{
    rco_object *t = tuple_stealing(2, rco_int(1), rco_int(2));
    assert_repr(t, "(1, 2)");
    rco_decref(t);
}

static void list_prints_items_separated_by_comma_space(void **state)
{
    rco_object *l = list_stealing(4, rco_int(1), rco_str("a"), tuple_stealing(1, rco_int(2)),
                                  rco_none());
    assert_repr(l, "[1, 'a', (2,), None]");
    rco_decref(l);
}

static void empty_containers_print_their_empty_forms(void **state)
{
    rco_object *l = list_stealing(0);
    rco_object *d = rco_dict_new();
    rco_object *s = rco_set_new();
    assert_repr(l, "[]");
    assert_repr(d, "{}");
    assert_repr(s, "set()");
    rco_decref(s);
    rco_decref(d);
    rco_decref(l);
}

static void mixed_nesting_prints_like_python(void **state)
{
    rco_object *l = list_stealing(
        7, rco_int(1), rco_str("two"), tuple_stealing(2, rco_float(3.0), rco_none()),
        dict_stealing(1, rco_str("k"), list_stealing(2, rco_bytes("x", 1), rco_true())),
        rco_tuple_new(0), rco_list_new(0), rco_dict_new());
    assert_repr(l, "[1, 'two', (3.0, None), {'k': [b'x', True]}, (), [], {}]");
    rco_decref(l);
}

static void floats_and_quotes_inside_list_print_like_python(void **state)
{
    rco_object *l = list_stealing(3, rco_float(-0.0), rco_float(1e16), rco_str("it's"));
    assert_repr(l, "[-0.0, 1e+16, \"it's\"]");
    rco_decref(l);
}

static void dict_prints_in_insertion_order(void **state)
{
    rco_object *d = dict_stealing(3, rco_str("b"), rco_int(1), rco_str("a"), rco_int(2), rco_str("c"),
                                  dict_stealing(1, rco_str("x"),
                                                dict_stealing(1, rco_str("y"), rco_tuple_new(0))));
    assert_repr(d, "{'b': 1, 'a': 2, 'c': {'x': {'y': ()}}}");
    rco_decref(d);
}

static void dict_key_deleted_and_set_again_moves_to_the_end(void **state)
{
    rco_object *d = dict_stealing(2, rco_str("a"), rco_int(1), rco_str("b"), rco_int(2));
    assert_int_equal(rco_dict_del_str(d, "a"), 0);
    assert_int_equal(rco_dict_set_steal(d, rco_str("a"), rco_int(3)), 0);
    assert_repr(d, "{'b': 2, 'a': 3}");
    rco_decref(d);
}

/* d = {1: 'a'}; d[1.0] = 'b'; d[True] = 'c' keeps the first key. */
static void dict_equal_key_keeps_first_key_with_last_value(void **state)
{
    rco_object *d = dict_stealing(3, rco_int(1), rco_str("a"), rco_float(1.0), rco_str("b"),
                                  rco_true(), rco_str("c"));
    assert_repr(d, "{1: 'c'}");
    rco_decref(d);
}

/* Python prints {1, 2, 3} for any insertion order; rco's sets keep
 * insertion order, and print in it. */
static void set_prints_in_insertion_order(void **state)
{
    rco_object *s = rco_set_new();
    rco_object *three = rco_int(3), *one = rco_int(1), *two = rco_int(2);
    assert_int_equal(rco_set_add(s, three), 0);
    assert_int_equal(rco_set_add(s, one), 0);
    assert_int_equal(rco_set_add(s, two), 0);
    assert_repr(s, "{3, 1, 2}");
    assert_int_equal(rco_set_discard(s, three), 1);
    assert_int_equal(rco_set_add(s, three), 0);
    assert_repr(s, "{1, 2, 3}");
    rco_decref(s);
}

static void one_item_set_prints_braces(void **state)
{
    rco_object *s = rco_set_new();
    rco_object *pair = tuple_stealing(2, rco_int(1), rco_int(2));
    assert_int_equal(rco_set_add(s, pair), 0);
    assert_repr(s, "{(1, 2)}");
    rco_object *d = dict_stealing(1, rco_str("k"), s);
    assert_repr(d, "{'k': {(1, 2)}}");
    rco_decref(d);
    rco_decref(pair);
}

/* ---- types, classes, instances --------------------------------------- */

static void builtin_type_prints_as_class(void **state)
{
    rco_object *n = rco_int(1000);
    rco_object *f = rco_float(1.5);
    assert_repr((rco_object *)rco_typeof(n), "<class 'int'>");
    assert_repr((rco_object *)rco_typeof(f), "<class 'float'>");
    assert_repr((rco_object *)rco_typeof(rco_none()), "<class 'NoneType'>");
    rco_decref(f);
    rco_decref(n);
}

static void class_prints_its_name(void **state)
{
    rco_type *cls = rco_class_new("Point", NULL, NULL);
    assert_non_null(cls);
    assert_repr((rco_object *)cls, "<class 'Point'>");
    rco_decref((rco_object *)cls);
}

static void instance_prints_name_and_its_address(void **state)
{
    rco_type *cls = rco_class_new("Point", NULL, NULL);
    rco_object *p = rco_instance_new(cls);
    assert_non_null(p);
    char expected[96];
    snprintf(expected, sizeof expected, "<Point object at %p>", (void *)p);
    rco_object *r = rco_repr(p);
    assert_non_null(r);
    assert_true(strncmp(rco_str_utf8(r), "<Point object at 0x", 19) == 0);
    assert_string_equal(rco_str_utf8(r), expected);
    rco_decref(r);

    rco_object *l = list_stealing(1, rco_incref(p));
    char in_list[100];
    snprintf(in_list, sizeof in_list, "[%s]", expected);
    assert_repr(l, in_list);
    rco_decref(l);
    rco_decref(p);
    rco_decref((rco_object *)cls);
}

/* ---- recursive containers -------------------------------------------- */

/* l = [1]; l.append(l) */
static void list_containing_itself_prints_ellipsis(void **state)
{
    rco_object *l = list_stealing(1, rco_int(1));
    assert_int_equal(rco_list_append(l, l), 0);
    assert_repr(l, "[1, [...]]");
    rco_list_clear(l);
    rco_decref(l);
}

/* l = []; l.append(l); l.append(l) */
static void list_holding_itself_twice_prints_two_ellipses(void **state)
{
    rco_object *l = rco_list_new(0);
    assert_int_equal(rco_list_append(l, l), 0);
    assert_int_equal(rco_list_append(l, l), 0);
    assert_repr(l, "[[...], [...]]");
    rco_list_clear(l);
    rco_decref(l);
}

/* d = {}; d['a'] = d */
static void dict_containing_itself_prints_ellipsis(void **state)
{
    rco_object *d = rco_dict_new();
    assert_int_equal(rco_dict_set_str(d, "a", d), 0);
    assert_repr(d, "{'a': {...}}");
    rco_dict_clear(d);
    rco_decref(d);
}

/* d = {}; d['k'] = [d] */
static void dict_reached_again_through_a_list_prints_ellipsis(void **state)
{
    rco_object *d = rco_dict_new();
    rco_object *l = list_stealing(1, rco_incref(d));
    assert_int_equal(rco_dict_set_str(d, "k", l), 0);
    rco_decref(l);
    assert_repr(d, "{'k': [{...}]}");
    rco_dict_clear(d);
    rco_decref(d);
}

/* l = []; t = (l,); l.append(t) */
static void tuple_inside_list_pointing_back_prints_ellipsis(void **state)
{
    rco_object *l = rco_list_new(0);
    rco_object *t = tuple_stealing(1, rco_incref(l));
    assert_int_equal(rco_list_append(l, t), 0);
    assert_repr(t, "([(...)],)");
    assert_repr(l, "[([...],)]");
    rco_list_clear(l);
    rco_decref(t);
    rco_decref(l);
}

/* x = []; y = [x]; x.append(y): repr(x), and [x, y] whose items each lead
 * back to themselves. */
static void two_lists_holding_each_other_print_like_python(void **state)
{
    rco_object *x = rco_list_new(0);
    rco_object *y = list_stealing(1, rco_incref(x));
    assert_int_equal(rco_list_append(x, y), 0);
    assert_repr(x, "[[[...]]]");
    rco_object *both = list_stealing(2, rco_incref(x), rco_incref(y));
    assert_repr(both, "[[[[...]]], [[[...]]]]");
    rco_decref(both);
    rco_list_clear(x);
    rco_decref(y);
    rco_decref(x);
}

/* a = [1]; [a, a, (a,)]: shared is not recursive. */
static void shared_item_prints_in_full_each_time(void **state)
{
    rco_object *a = list_stealing(1, rco_int(1));
    rco_object *l = list_stealing(3, rco_incref(a), rco_incref(a), tuple_stealing(1, rco_incref(a)));
    assert_repr(l, "[[1], [1], ([1],)]");
    rco_decref(l);
    rco_decref(a);
}

/* ---- depth ------------------------------------------------------------ */

#define DEEP 1000000

static void list_nested_a_million_deep_prints_without_recursion(void **state)
{
    /* The collector would scan the growing chain again and again. */
    rco_gc_disable();
    rco_object *l = rco_list_new(0);
    assert_non_null(l);
    for (int i = 1; i < DEEP; i++) {
        rco_object *outer = rco_list_new(1);
        assert_non_null(outer);
        assert_int_equal(rco_list_set_steal(outer, 0, l), 0);
        l = outer;
    }
    rco_gc_enable();
    size_t len;
    char *text = repr_text(l, &len);
    assert_non_null(text);
    assert_int_equal(len, 2 * (size_t)DEEP);
    size_t opening = strspn(text, "[");
    size_t closing = strspn(text + opening, "]");
    assert_int_equal(opening, DEEP);
    assert_int_equal(closing, DEEP);
    free(text);
    rco_decref(l);
}

/* [({'k': [({'k': ... [None] ... },)]},)] nested 100000 times: every kind
 * of frame. The length and both ends were computed with Python by building
 * the text the same way (repr itself stops at Python's recursion limit). */
static void mixed_containers_nested_deep_print_without_recursion(void **state)
{
    enum { LEVELS = 100000 };
    rco_gc_disable();
    rco_object *o = rco_none();
    for (int i = 0; i < LEVELS; i++) {
        switch (i % 3) {
        case 0: o = list_stealing(1, o); break;
        case 1: o = dict_stealing(1, rco_str("k"), o); break;
        default: o = tuple_stealing(1, o); break;
        }
    }
    rco_gc_enable();
    size_t len;
    char *text = repr_text(o, &len);
    assert_non_null(text);
    assert_int_equal(len, 400002);
    assert_true(strncmp(text, "[({'k': [({'k': [({'", 20) == 0);
    assert_string_equal(text + len - 12, "},)]},)]},)]");
    assert_non_null(strstr(text, "[None]"));
    free(text);
    rco_decref(o);
}

/* ---- user types' repr slots -------------------------------------------- */

typedef struct point {
    rco_object ob;
    int x, y;
} point;

static rco_object *point_repr(rco_object *self)
{
    const point *p = (const point *)self;
    return rco_str_printf("Point(%d, %d)", p->x, p->y);
}

static rco_type point_type = { .name = "Point", .size = sizeof(point), .repr = point_repr };

static rco_object *failing_repr(rco_object *self)
{
    rco_err_set(RCO_ERR_VALUE, "this object refuses to be printed");
    return NULL;
}

static rco_type refuser_type = { .name = "Refuser", .size = sizeof(rco_object), .repr = failing_repr };

/* A repr slot must return a str; this one returns an int (a heap one, so
 * that a leak of it would show). */
static rco_object *int_repr(rco_object *self)
{
    return rco_int(123456789);
}

static rco_type liar_type = { .name = "Liar", .size = sizeof(rco_object), .repr = int_repr };

static rco_type plain_type = { .name = "Plain", .size = sizeof(rco_object) };

static void user_repr_slot_is_used(void **state)
{
    point *p = (point *)rco_new(&point_type);
    assert_non_null(p);
    p->x = 1;
    p->y = -2;
    assert_repr(&p->ob, "Point(1, -2)");
    rco_object *l = list_stealing(2, rco_incref(&p->ob), rco_str("x"));
    assert_repr(l, "[Point(1, -2), 'x']");
    rco_decref(l);
    rco_decref(&p->ob);
}

static void user_type_without_repr_prints_name_and_address(void **state)
{
    rco_object *o = rco_new(&plain_type);
    assert_non_null(o);
    char expected[96];
    snprintf(expected, sizeof expected, "<Plain object at %p>", (void *)o);
    assert_repr(o, expected);
    rco_decref(o);
}

static void failing_repr_slot_fails_repr_and_keeps_its_error(void **state)
{
    rco_object *o = rco_new(&refuser_type);
    assert_non_null(o);
    assert_null(rco_repr(o));
    assert_int_equal(rco_err_occurred(), RCO_ERR_VALUE);
    assert_string_equal(rco_err_message(), "this object refuses to be printed");
    rco_err_clear();
    assert_int_equal(rco_refcount(o), 1);
    rco_decref(o);
}

static void failing_repr_slot_inside_containers_fails_the_whole_repr(void **state)
{
    rco_object *l = list_stealing(3, rco_int(1000), dict_stealing(1, rco_str("k"), rco_new(&refuser_type)),
                                  rco_str("after"));
    assert_null(rco_repr(l));
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_refcount(l), 1);
    assert_int_equal(rco_len(l), 3);
    rco_decref(l);
}

static void repr_slot_returning_non_str_is_type_error(void **state)
{
    rco_object *o = rco_new(&liar_type);
    assert_non_null(o);
    assert_null(rco_repr(o));
    assert_error(RCO_ERR_TYPE);
    rco_object *l = list_stealing(1, rco_incref(o));
    assert_null(rco_repr(l));
    assert_error(RCO_ERR_TYPE);
    rco_decref(l);
    rco_decref(o);
}

/* ---- slots not yet filled, bad arguments ------------------------------ */

static void unfilled_tuple_slots_print_null(void **state)
{
    rco_object *t = rco_tuple_new(3);
    assert_int_equal(rco_tuple_set_steal(t, 1, rco_int(1)), 0);
    assert_repr(t, "(<NULL>, 1, <NULL>)");
    rco_object *one = rco_tuple_new(1);
    assert_repr(one, "(<NULL>,)");
    rco_decref(one);
    rco_decref(t);
}

static void unfilled_list_slots_print_null(void **state)
{
    rco_object *l = rco_list_new(2);
    assert_repr(l, "[<NULL>, <NULL>]");
    assert_int_equal(rco_list_set_steal(l, 1, rco_str("b")), 0);
    assert_repr(l, "[<NULL>, 'b']");
    rco_decref(l);
}

static void repr_of_null_is_type_error(void **state)
{
    assert_null(rco_repr(NULL));
    assert_error(RCO_ERR_TYPE);
}

/* ---- rco_print ---------------------------------------------------------- */

static void print_writes_the_repr_to_the_stream(void **state)
{
    rco_object *l = list_stealing(4, rco_int(1), rco_str("a'b"), tuple_stealing(1, rco_float(2.5)),
                                  rco_bytes("\0", 1));
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(rco_print(l, f), 0);
    char *text = rco_test_stream_text(f);
    assert_string_equal(text, "[1, \"a'b\", (2.5,), b'\\x00']");
    free(text);
    rco_decref(l);
}

static void print_of_failing_repr_writes_nothing(void **state)
{
    rco_object *o = rco_new(&refuser_type);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(rco_print(o, f), -1);
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(ftell(f), 0);
    fclose(f);
    rco_decref(o);
}

static void print_rejects_null_object_and_null_stream(void **state)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(rco_print(NULL, f), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_print(rco_none(), NULL), -1);
    assert_error(RCO_ERR_TYPE);
    fclose(f);
}

/* ---- allocation failure --------------------------------------------- */

static rco_object *nested_sample(void)
{
    return list_stealing(
        5, rco_int(1000), rco_str("two \u00e9"), tuple_stealing(2, rco_float(3.25), rco_bytes("b", 1)),
        dict_stealing(2, rco_str("k"), list_stealing(2, rco_int(-7), rco_none()), rco_int(5),
                      list_stealing(1, list_stealing(1, rco_list_new(0)))),
        rco_set_new());
}

#define NESTED_SAMPLE_REPR "[1000, 'two \u00e9', (3.25, b'b'), {'k': [-7, None], 5: [[[]]]}, set()]"

static void repr_fails_cleanly_at_every_allocation(void **state)
{
    rco_object *o = nested_sample();
    assert_repr(o, NESTED_SAMPLE_REPR);
    long n;
    rco_object *r = NULL;
    size_t before = live_blocks();
    for (n = 1; n < 10000 && !r; n++) {
        rco_debug_fail_alloc(n);
        r = rco_repr(o);
        rco_debug_fail_alloc(0);
        if (!r) {
            assert_error(RCO_ERR_MEMORY);
            assert_int_equal(live_blocks(), before);
        }
    }
    assert_non_null(r);
    assert_true(n > 2); /* some allocation did fail on the way */
    assert_string_equal(rco_str_utf8(r), NESTED_SAMPLE_REPR);
    rco_decref(r);
    assert_int_equal(rco_refcount(o), 1);
    assert_repr(o, NESTED_SAMPLE_REPR);
    rco_decref(o);
}

static void repr_fails_cleanly_when_every_allocation_from_n_fails(void **state)
{
    rco_object *o = nested_sample();
    long n;
    rco_object *r = NULL;
    size_t before = live_blocks();
    for (n = 1; n < 10000 && !r; n++) {
        rco_debug_fail_alloc_persistent(n);
        r = rco_repr(o);
        rco_debug_fail_alloc_persistent(0);
        if (!r) {
            assert_error(RCO_ERR_MEMORY);
            assert_int_equal(live_blocks(), before);
        }
    }
    assert_non_null(r);
    assert_string_equal(rco_str_utf8(r), NESTED_SAMPLE_REPR);
    rco_decref(r);
    assert_repr(o, NESTED_SAMPLE_REPR);
    rco_decref(o);
}

static void repr_of_recursive_list_fails_cleanly_at_every_allocation(void **state)
{
    rco_object *l = list_stealing(2, rco_str("x"), dict_stealing(1, rco_str("y"), rco_list_new(0)));
    assert_int_equal(rco_list_append(l, l), 0);
    rco_object *r = NULL;
    size_t before = live_blocks();
    for (long n = 1; n < 10000 && !r; n++) {
        rco_debug_fail_alloc(n);
        r = rco_repr(l);
        rco_debug_fail_alloc(0);
        if (!r) {
            assert_error(RCO_ERR_MEMORY);
            assert_int_equal(live_blocks(), before);
        }
    }
    assert_non_null(r);
    assert_string_equal(rco_str_utf8(r), "['x', {'y': []}, [...]]");
    rco_decref(r);
    rco_list_clear(l);
    rco_decref(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(none_true_false_print_their_names),
        RCO_TEST(small_ints_print_in_decimal),
        RCO_TEST(int64_extremes_print_in_full),
        RCO_TEST(float_zeros_and_integral_values_keep_a_point),
        RCO_TEST(float_prints_shortest_round_trip_digits),
        RCO_TEST(float_switches_to_exponent_at_1e16),
        RCO_TEST(float_switches_to_exponent_below_1e_4),
        RCO_TEST(float_extremes_print_like_python),
        RCO_TEST(float_infinities_and_nan_print_bare),
        RCO_TEST(float_powers_of_two_print_shortest_digits),
        RCO_TEST(float_random_doubles_print_like_python),
        RCO_TEST(str_uses_single_quotes_by_default),
        RCO_TEST(str_with_only_single_quotes_uses_double_quotes),
        RCO_TEST(str_with_both_quotes_escapes_the_single_ones),
        RCO_TEST(str_escapes_backslash),
        RCO_TEST(str_escapes_tab_newline_return_by_name),
        RCO_TEST(str_escapes_other_control_chars_as_hex),
        RCO_TEST(str_keeps_printable_non_ascii),
        RCO_TEST(str_escapes_non_printable_non_ascii),
        RCO_TEST(str_with_embedded_nul_escapes_it),
        RCO_TEST(str_printability_follows_unicode_14),
        RCO_TEST(bytes_of_every_value_print_like_python),
        RCO_TEST(bytes_choose_quotes_like_str),
        RCO_TEST(empty_tuple_prints_parentheses),
        RCO_TEST(one_tuple_prints_trailing_comma),
        RCO_TEST(pair_tuple_prints_without_trailing_comma),
        RCO_TEST(list_prints_items_separated_by_comma_space),
        RCO_TEST(empty_containers_print_their_empty_forms),
        RCO_TEST(mixed_nesting_prints_like_python),
        RCO_TEST(floats_and_quotes_inside_list_print_like_python),
        RCO_TEST(dict_prints_in_insertion_order),
        RCO_TEST(dict_key_deleted_and_set_again_moves_to_the_end),
        RCO_TEST(dict_equal_key_keeps_first_key_with_last_value),
        RCO_TEST(set_prints_in_insertion_order),
        RCO_TEST(one_item_set_prints_braces),
        RCO_TEST(builtin_type_prints_as_class),
        RCO_TEST(class_prints_its_name),
        RCO_TEST(instance_prints_name_and_its_address),
        RCO_TEST(list_containing_itself_prints_ellipsis),
        RCO_TEST(list_holding_itself_twice_prints_two_ellipses),
        RCO_TEST(dict_containing_itself_prints_ellipsis),
        RCO_TEST(dict_reached_again_through_a_list_prints_ellipsis),
        RCO_TEST(tuple_inside_list_pointing_back_prints_ellipsis),
        RCO_TEST(two_lists_holding_each_other_print_like_python),
        RCO_TEST(shared_item_prints_in_full_each_time),
        RCO_TEST(list_nested_a_million_deep_prints_without_recursion),
        RCO_TEST(mixed_containers_nested_deep_print_without_recursion),
        RCO_TEST(user_repr_slot_is_used),
        RCO_TEST(user_type_without_repr_prints_name_and_address),
        RCO_TEST(failing_repr_slot_fails_repr_and_keeps_its_error),
        RCO_TEST(failing_repr_slot_inside_containers_fails_the_whole_repr),
        RCO_TEST(repr_slot_returning_non_str_is_type_error),
        RCO_TEST(unfilled_tuple_slots_print_null),
        RCO_TEST(unfilled_list_slots_print_null),
        RCO_TEST(repr_of_null_is_type_error),
        RCO_TEST(print_writes_the_repr_to_the_stream),
        RCO_TEST(print_of_failing_repr_writes_nothing),
        RCO_TEST(print_rejects_null_object_and_null_stream),
        RCO_TEST(repr_fails_cleanly_at_every_allocation),
        RCO_TEST(repr_fails_cleanly_when_every_allocation_from_n_fails),
        RCO_TEST(repr_of_recursive_list_fails_cleanly_at_every_allocation),
    };
    RCO_RUN_TESTS(tests);
}
