-- Quarto only (named in _quarto.yml): the embedded cells' wrappers carry the absolute path of the
-- notebook they came from (data-notebook="/…/_build/2023-xyz/…"), which would make every build's
-- page differ and show the build machine's folders. The wrapper stays; its notebook attributes go.
function Div(div)
  if div.classes:includes("quarto-embed-nb-cell") then
    for _, key in ipairs({"notebook", "notebook-title", "notebook-cellId"}) do
      div.attributes[key] = nil
    end
    return div
  end
end
