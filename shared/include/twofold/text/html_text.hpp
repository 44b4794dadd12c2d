#pragma once
// Text placed into HTML (mails, the page for a misdirected browser): the five
// characters HTML gives meaning to are written as entities (HTML Living
// Standard §13.1.2.6), so no text can open a tag or leave an attribute.
#include <string>
#include <string_view>

namespace twofold::text {

// & < > " ' -> &amp; &lt; &gt; &quot; &#39;; everything else as it is.
[[nodiscard]] std::string html_escaped(std::string_view text);

}  // namespace twofold::text
