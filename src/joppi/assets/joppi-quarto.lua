-- The one Lua filter of both engines (Quarto: _quarto.yml `filters`, after Quarto's rendering; the
-- project's engine: pandoc_engine), so that both lay the same text out the same way.

-- A list whose every item is one paragraph is a tight list. Quarto makes the paragraph of an item
-- that is only a `{{< var >}}` shortcode a Para (a loose `<li><p>`), where Pandoc reading the same
-- item gives Plain; the chapters' lists are tight, in both engines.
local function tighten(list)
  for _, item in ipairs(list.content) do
    if #item ~= 1 or (item[1].t ~= "Para" and item[1].t ~= "Plain") then
      return nil
    end
  end
  for _, item in ipairs(list.content) do
    if item[1].t == "Para" then
      item[1] = pandoc.Plain(item[1].content)
    end
  end
  return list
end

local CONDITION_KEYS = {"when-meta", "unless-meta", "data-when-meta", "data-unless-meta"}

local function conditional(div)
  for _, key in ipairs(CONDITION_KEYS) do
    if div.attributes[key] ~= nil then
      return true
    end
  end
  return div.classes:includes("content-visible") or div.classes:includes("content-hidden")
end

local function has_heading(div)
  for _, block in ipairs(div.content) do
    if block.t == "Header" then
      return true
    end
  end
  return false
end

-- Quarto's wrapper of an embedded cell carries the absolute path of the notebook it came from
-- (data-notebook="/…/_build/2023-xyz/…"): every build's page would differ and show the machine's
-- folders. The wrapper stays; its notebook attributes go.
local function div(div)
  -- The project's engine writes a callout's title as a div of its own (render/qmd.py): a title, not
  -- a paragraph, as in Quarto's callouts.
  if div.classes:includes("callout-title") and #div.content == 1 and div.content[1].t == "Para" then
    div.content[1] = pandoc.Plain(div.content[1].content)
    return div
  end
  -- A shown conditional block that holds a heading (the end survey's section, 3.6) is unwrapped:
  -- Pandoc makes sections, and the table of contents, only of headings outside divs, so the
  -- heading inside the div was missing from the HTML contents. Its content stays, without the
  -- wrapper, in both engines.
  if conditional(div) and has_heading(div) then
    return div.content
  end
  if div.classes:includes("quarto-embed-nb-cell") then
    for _, key in ipairs({"notebook", "notebook-title", "notebook-cellId"}) do
      div.attributes[key] = nil
    end
    return div
  end
end

-- Quarto's Typst puts the brand's logo as the background of every page (its `logo` metadata, which
-- `logo: false` does not remove in Quarto 1.10): the PDF's logo is the one at the start of its body
-- (_joppi/otsake.typ, with its alt text), so the background goes.
local function meta(m)
  if quarto ~= nil and quarto.doc.is_format("typst") and m.logo ~= nil then
    m.logo = nil
    return m
  end
end

-- Typst reads `--` and `---` in its markup as dashes; Pandoc 3.8's Typst writer (Quarto 1.10's) does
-- not escape them, so a name with `<!--` would print `<!–`. Each hyphen of such a run is a Typst string.
local function hyphens(str)
  if not FORMAT:match("typst") or not str.text:find("%-%-") then
    return nil
  end
  local out = pandoc.Inlines({})
  local pos = 1
  for run_start, run, run_end in str.text:gmatch("()(%-%-+)()") do
    if run_start > pos then
      out:insert(pandoc.Str(str.text:sub(pos, run_start - 1)))
    end
    for _ = 1, #run do
      out:insert(pandoc.RawInline("typst", '#"-"'))
    end
    pos = run_end
  end
  if pos <= #str.text then
    out:insert(pandoc.Str(str.text:sub(pos)))
  end
  return out
end

return {
  {BulletList = tighten, OrderedList = tighten, Div = div, Meta = meta, Str = hyphens},
}
