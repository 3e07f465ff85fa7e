//! `html!` renders exactly what the builder renders: every element, every
//! typed attribute, escaping, raw text, class merging, and static parts
//! mixed with dynamic ones. Each case compares the macro with the plain
//! builder.

mod cases {
    use hyperox_html::prelude::*;

    macro_rules! same {
        ($($e:tt)+) => {
            assert_eq!(
                hyperox_html::html!($($e)+).render(),
                ($($e)+).render(),
                "{}",
                stringify!($($e)+)
            );
        };
    }

    #[test]
    fn every_element() {
        same!(a((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </a> '",
            42,
            em("in")
        )));
        same!(abbr((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </abbr> '",
            42,
            em("in")
        )));
        same!(address((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </address> '",
            42,
            em("in")
        )));
        same!(article((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </article> '",
            42,
            em("in")
        )));
        same!(aside((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </aside> '",
            42,
            em("in")
        )));
        same!(audio((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </audio> '",
            42,
            em("in")
        )));
        same!(b((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </b> '",
            42,
            em("in")
        )));
        same!(bdi((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </bdi> '",
            42,
            em("in")
        )));
        same!(bdo((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </bdo> '",
            42,
            em("in")
        )));
        same!(blockquote((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </blockquote> '",
            42,
            em("in")
        )));
        same!(body((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </body> '",
            42,
            em("in")
        )));
        same!(button((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </button> '",
            42,
            em("in")
        )));
        same!(canvas((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </canvas> '",
            42,
            em("in")
        )));
        same!(caption((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </caption> '",
            42,
            em("in")
        )));
        same!(cite((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </cite> '",
            42,
            em("in")
        )));
        same!(code((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </code> '",
            42,
            em("in")
        )));
        same!(colgroup((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </colgroup> '",
            42,
            em("in")
        )));
        same!(data((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </data> '",
            42,
            em("in")
        )));
        same!(datalist((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </datalist> '",
            42,
            em("in")
        )));
        same!(dd((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </dd> '",
            42,
            em("in")
        )));
        same!(del((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </del> '",
            42,
            em("in")
        )));
        same!(details((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </details> '",
            42,
            em("in")
        )));
        same!(dfn((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </dfn> '",
            42,
            em("in")
        )));
        same!(dialog((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </dialog> '",
            42,
            em("in")
        )));
        same!(div((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </div> '",
            42,
            em("in")
        )));
        same!(dl((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </dl> '",
            42,
            em("in")
        )));
        same!(dt((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </dt> '",
            42,
            em("in")
        )));
        same!(em((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </em> '",
            42,
            em("in")
        )));
        same!(fieldset((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </fieldset> '",
            42,
            em("in")
        )));
        same!(figcaption((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </figcaption> '",
            42,
            em("in")
        )));
        same!(figure((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </figure> '",
            42,
            em("in")
        )));
        same!(footer((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </footer> '",
            42,
            em("in")
        )));
        same!(form((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </form> '",
            42,
            em("in")
        )));
        same!(h1((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </h1> '",
            42,
            em("in")
        )));
        same!(h2((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </h2> '",
            42,
            em("in")
        )));
        same!(h3((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </h3> '",
            42,
            em("in")
        )));
        same!(h4((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </h4> '",
            42,
            em("in")
        )));
        same!(h5((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </h5> '",
            42,
            em("in")
        )));
        same!(h6((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </h6> '",
            42,
            em("in")
        )));
        same!(head((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </head> '",
            42,
            em("in")
        )));
        same!(header((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </header> '",
            42,
            em("in")
        )));
        same!(hgroup((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </hgroup> '",
            42,
            em("in")
        )));
        same!(html((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </html> '",
            42,
            em("in")
        )));
        same!(i((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </i> '",
            42,
            em("in")
        )));
        same!(iframe((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </iframe> '",
            42,
            em("in")
        )));
        same!(ins((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </ins> '",
            42,
            em("in")
        )));
        same!(kbd((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </kbd> '",
            42,
            em("in")
        )));
        same!(label((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </label> '",
            42,
            em("in")
        )));
        same!(legend((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </legend> '",
            42,
            em("in")
        )));
        same!(li((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </li> '",
            42,
            em("in")
        )));
        same!(main((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </main> '",
            42,
            em("in")
        )));
        same!(map((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </map> '",
            42,
            em("in")
        )));
        same!(mark((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </mark> '",
            42,
            em("in")
        )));
        same!(menu((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </menu> '",
            42,
            em("in")
        )));
        same!(meter((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </meter> '",
            42,
            em("in")
        )));
        same!(nav((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </nav> '",
            42,
            em("in")
        )));
        same!(noscript((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </noscript> '",
            42,
            em("in")
        )));
        same!(object((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </object> '",
            42,
            em("in")
        )));
        same!(ol((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </ol> '",
            42,
            em("in")
        )));
        same!(optgroup((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </optgroup> '",
            42,
            em("in")
        )));
        same!(option((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </option> '",
            42,
            em("in")
        )));
        same!(output((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </output> '",
            42,
            em("in")
        )));
        same!(p((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </p> '",
            42,
            em("in")
        )));
        same!(picture((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </picture> '",
            42,
            em("in")
        )));
        same!(pre((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </pre> '",
            42,
            em("in")
        )));
        same!(progress((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </progress> '",
            42,
            em("in")
        )));
        same!(q((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </q> '",
            42,
            em("in")
        )));
        same!(rp((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </rp> '",
            42,
            em("in")
        )));
        same!(rt((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </rt> '",
            42,
            em("in")
        )));
        same!(ruby((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </ruby> '",
            42,
            em("in")
        )));
        same!(s((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </s> '",
            42,
            em("in")
        )));
        same!(samp((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </samp> '",
            42,
            em("in")
        )));
        same!(search((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </search> '",
            42,
            em("in")
        )));
        same!(section((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </section> '",
            42,
            em("in")
        )));
        same!(select((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </select> '",
            42,
            em("in")
        )));
        same!(slot((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </slot> '",
            42,
            em("in")
        )));
        same!(small((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </small> '",
            42,
            em("in")
        )));
        same!(span((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </span> '",
            42,
            em("in")
        )));
        same!(strong((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </strong> '",
            42,
            em("in")
        )));
        same!(sub((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </sub> '",
            42,
            em("in")
        )));
        same!(summary((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </summary> '",
            42,
            em("in")
        )));
        same!(sup((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </sup> '",
            42,
            em("in")
        )));
        same!(svg((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </svg> '",
            42,
            em("in")
        )));
        same!(table((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </table> '",
            42,
            em("in")
        )));
        same!(tbody((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </tbody> '",
            42,
            em("in")
        )));
        same!(td((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </td> '",
            42,
            em("in")
        )));
        same!(template((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </template> '",
            42,
            em("in")
        )));
        same!(textarea((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </textarea> '",
            42,
            em("in")
        )));
        same!(tfoot((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </tfoot> '",
            42,
            em("in")
        )));
        same!(th((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </th> '",
            42,
            em("in")
        )));
        same!(thead((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </thead> '",
            42,
            em("in")
        )));
        same!(time((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </time> '",
            42,
            em("in")
        )));
        same!(title((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </title> '",
            42,
            em("in")
        )));
        same!(tr((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </tr> '",
            42,
            em("in")
        )));
        same!(u((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </u> '",
            42,
            em("in")
        )));
        same!(ul((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </ul> '",
            42,
            em("in")
        )));
        same!(var((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </var> '",
            42,
            em("in")
        )));
        same!(video((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </video> '",
            42,
            em("in")
        )));
        same!(area((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </area> '",
            42,
            em("in")
        )));
        same!(base((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </base> '",
            42,
            em("in")
        )));
        same!(br((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </br> '",
            42,
            em("in")
        )));
        same!(col((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </col> '",
            42,
            em("in")
        )));
        same!(embed((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </embed> '",
            42,
            em("in")
        )));
        same!(hr((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </hr> '",
            42,
            em("in")
        )));
        same!(img((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </img> '",
            42,
            em("in")
        )));
        same!(input((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </input> '",
            42,
            em("in")
        )));
        same!(link((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </link> '",
            42,
            em("in")
        )));
        same!(meta((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </meta> '",
            42,
            em("in")
        )));
        same!(source((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </source> '",
            42,
            em("in")
        )));
        same!(track((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </track> '",
            42,
            em("in")
        )));
        same!(wbr((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </wbr> '",
            42,
            em("in")
        )));
        same!(script((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </script> '",
            42,
            em("in")
        )));
        same!(style((
            class("a"),
            attr("data-x", "1<2 & \"q\""),
            class("b"),
            "t<e>xt </style> '",
            42,
            em("in")
        )));
    }

    #[test]
    fn every_typed_attribute() {
        same!(div((id("v\"<&>'"), "x")));
        same!(div((href("v\"<&>'"), "x")));
        same!(div((src("v\"<&>'"), "x")));
        same!(div((alt("v\"<&>'"), "x")));
        same!(div((type_("v\"<&>'"), "x")));
        same!(div((name("v\"<&>'"), "x")));
        same!(div((value("v\"<&>'"), "x")));
        same!(div((placeholder("v\"<&>'"), "x")));
        same!(div((for_("v\"<&>'"), "x")));
        same!(div((action("v\"<&>'"), "x")));
        same!(div((method("v\"<&>'"), "x")));
        same!(div((rel("v\"<&>'"), "x")));
        same!(div((target_attr("v\"<&>'"), "x")));
        same!(div((content("v\"<&>'"), "x")));
        same!(div((lang("v\"<&>'"), "x")));
        same!(div((role("v\"<&>'"), "x")));
        same!(div((width("v\"<&>'"), "x")));
        same!(div((height("v\"<&>'"), "x")));
        same!(div((tabindex("v\"<&>'"), "x")));
        same!(div((style_attr("v\"<&>'"), "x")));
        same!(div((title_attr("v\"<&>'"), "x")));
        same!(div((autocomplete("v\"<&>'"), "x")));
        same!(div((min("v\"<&>'"), "x")));
        same!(div((max("v\"<&>'"), "x")));
        same!(div((step("v\"<&>'"), "x")));
        same!(div((pattern("v\"<&>'"), "x")));
        same!(div((maxlength("v\"<&>'"), "x")));
        same!(div((minlength("v\"<&>'"), "x")));
        same!(div((rows("v\"<&>'"), "x")));
        same!(div((cols("v\"<&>'"), "x")));
        same!(div((colspan("v\"<&>'"), "x")));
        same!(div((rowspan("v\"<&>'"), "x")));
        same!(div((enctype("v\"<&>'"), "x")));
        same!(div((accept("v\"<&>'"), "x")));
        same!(div((download("v\"<&>'"), "x")));
        same!(div((loading("v\"<&>'"), "x")));
        same!(div((crossorigin("v\"<&>'"), "x")));
        same!(div((integrity("v\"<&>'"), "x")));
        same!(div((form_attr("v\"<&>'"), "x")));
        same!(div((label_attr("v\"<&>'"), "x")));
        same!(div((datetime("v\"<&>'"), "x")));
        same!(div((srcset("v\"<&>'"), "x")));
        same!(div((sizes("v\"<&>'"), "x")));
        same!(div((media("v\"<&>'"), "x")));
        same!(div((scope("v\"<&>'"), "x")));
        same!(div((headers_attr("v\"<&>'"), "x")));
        same!(div((list("v\"<&>'"), "x")));
        same!(div((dir("v\"<&>'"), "x")));
        same!(div((inputmode("v\"<&>'"), "x")));
        same!(div((enterkeyhint("v\"<&>'"), "x")));
        same!(div((spellcheck("v\"<&>'"), "x")));
        same!(div((draggable("v\"<&>'"), "x")));
        same!(div((contenteditable("v\"<&>'"), "x")));
        same!(div((popover("v\"<&>'"), "x")));
        same!(div((popovertarget("v\"<&>'"), "x")));
        same!(div((referrerpolicy("v\"<&>'"), "x")));
        same!(div((sandbox("v\"<&>'"), "x")));
        same!(div((allow("v\"<&>'"), "x")));
        same!(div((poster("v\"<&>'"), "x")));
        same!(div((preload("v\"<&>'"), "x")));
        same!(div((wrap("v\"<&>'"), "x")));
        same!(div((translate("v\"<&>'"), "x")));
        same!(div((accesskey("v\"<&>'"), "x")));
        same!(div((charset("v\"<&>'"), "x")));
        same!(div((http_equiv("v\"<&>'"), "x")));
        same!(div((property("v\"<&>'"), "x")));
        same!(div((xmlns("v\"<&>'"), "x")));
        same!(div((viewbox("v\"<&>'"), "x")));
        same!(div((fill("v\"<&>'"), "x")));
        same!(div((stroke("v\"<&>'"), "x")));
        same!(div((d("v\"<&>'"), "x")));
    }

    #[test]
    fn literals_escapes_and_attribute_forms() {
        same!(p("tab\there \u{e9} \x41 \\ \" \' \
                 continued"));
        same!(p(r#"raw "quoted" <b>"#));
        same!(p((1_000u32, " ", 7, " ", 0)));
        same!(div((
            bool_attr("hidden", true),
            bool_attr("open", false),
            "x"
        )));
        same!(div((
            data_attr("user-id", "7"),
            aria("label", "Close <x>"),
            attr("bad name!", "v")
        )));
        same!(div((class(""), class("a"), id("i"), class("b"))));
        same!(div((text("a<b"), unsafe_raw("<i>raw</i>"))));
        same!(script("if (a < b) { x = '</script>'; }"));
        same!(style(("a > b { color: red }", "</style>")));
        same!(script((attr("type", "module"), "import x from '/x.js';")));
        same!(html((head(title("T")), body(()))));
        same!(div(()));
        same!(br(()));
        same!(input((
            attr("type", "text"),
            "children of void elements are dropped"
        )));
    }

    #[test]
    fn dynamic_parts_stay_dynamic() {
        let name = "<ada>";
        let n = 3;
        let items = ["x", "y&z"];
        same!(div((
            class("card"),
            h1("Hi"),
            p(name),
            span("static"),
            em("tail")
        )));
        same!(div((
            id(format!("todo-{n}")),
            class("a"),
            p("one"),
            p("two"),
            class(name)
        )));
        same!(ul((
            li("first"),
            each(items, |i| li((class("item"), i))),
            li("last")
        )));
        same!(ul(each(items.iter().enumerate(), |(k, i)| li((
            class_if(k == 0, "first"),
            b(*i),
            ": ",
            k
        )))));
        same!(ul(each(items, move |i| li((
            "static ",
            em("part"),
            " then ",
            i
        )))));
        same!(ul(each(items, |i| { li(i) })));
        same!(div((if_(n > 2, p("big")), p(("n = ", n)), "end")));
        same!(section((
            class("s"),
            (p("a"), p("b")),
            (p("c"), name),
            div((class("x"), (span("y"), (span("z"),)))),
        )));
        same!(div((
            p("1"),
            p("2"),
            p("3"),
            p("4"),
            p("5"),
            p("6"),
            p("7"),
            p("8"),
            p("9"),
            p("10"),
            p("11"),
            p("12"),
            p("13"),
            p("14"),
            p("15"),
            name,
        )));
        same!(script((attr("src", name), "let a = '</b>';")));
        // Variables that turn out to be attributes: the element falls back
        // to the builder's way of writing its start tag.
        let an_id = id("v");
        let a_class = class("from-var");
        let both = (attr("data-k", "1"), "child");
        same!(div((class("c"), &an_id, "t", p("x"))));
        same!(div((class("c"), &a_class, p("x"), class("d"))));
        same!(section((p("x"), &both, attr("title", "t"))));
        same!(input((attr("type", "text"), bool_attr("required", n > 1))));
        same!(script((name, "let a = 1 </ 2;")));
        let dynamic_class = if n > 1 { "on" } else { "off" };
        same!(button((
            class("btn"),
            class(dynamic_class),
            attr("hx-post", "/x"),
            "Go"
        )));
    }

    #[test]
    fn fully_static_expressions_render_once() {
        let page = hyperox_html::html!(div((class("a"), p("b"))));
        // A fully literal expression is one pre-rendered constant: the
        // value holds nothing.
        assert_eq!(std::mem::size_of_val(&page), 0);
        assert_eq!(page.render(), r#"<div class="a"><p>b</p></div>"#);
    }
}
