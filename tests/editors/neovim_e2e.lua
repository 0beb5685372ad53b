-- Headless Neovim end-to-end test (driven by tests/neovim.rs): Neovim's own
-- LSP client, configured by editors/neovim, talks to the real server.
-- Env: PROPOSAL_LS (server binary), PROPOSAL_FILE (a proposal with missing
-- sections and bad metadata), REPO (this repository).

local failures = {}
local function check(ok, what)
  if not ok then
    table.insert(failures, what)
  end
end

local function finish()
  if #failures > 0 then
    io.stderr:write('FAIL\n' .. table.concat(failures, '\n') .. '\n')
    vim.cmd('cquit 1')
  else
    io.stdout:write('OK\n')
    vim.cmd('qall!')
  end
end

vim.opt.runtimepath:append(os.getenv('REPO') .. '/editors/neovim')
vim.cmd('filetype on')
require('proposal_ls').setup({ cmd = { os.getenv('PROPOSAL_LS') } })

vim.cmd('edit ' .. os.getenv('PROPOSAL_FILE'))
local buf = vim.api.nvim_get_current_buf()
check(vim.bo[buf].filetype == 'markdown', 'buffer is markdown')

-- Wait for the server's diagnostics.
local got = vim.wait(15000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
check(got, 'diagnostics arrived')

local diags = vim.diagnostic.get(buf)
table.sort(diags, function(a, b)
  return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
end)
local seen = {}
for _, d in ipairs(diags) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  seen[#seen + 1] = string.format('%s@%d:%d', tostring(code), d.lnum, d.col)
end
local summary = table.concat(seen, ' ')
-- title on line 2 (0-based 1), col 7; @handle on line 4; sections missing.
check(summary:find('title%-mismatch@1:7', 1) ~= nil, 'title-mismatch at 1:7 in: ' .. summary)
check(summary:find('placeholder@5:4', 1) ~= nil, 'placeholder at 5:4 in: ' .. summary)
check(summary:find('missing%-section@', 1) ~= nil, 'missing-section in: ' .. summary)
-- 0.10+ has get_clients; 0.7 get_active_clients (no filter) and
-- buf_get_clients.
local client
if vim.lsp.get_clients then
  client = vim.lsp.get_clients({ bufnr = buf })[1]
else
  client = vim.lsp.buf_get_clients(buf)[next(vim.lsp.buf_get_clients(buf))]
end
check(client ~= nil, 'client attached')

-- Apply a code action's edit as Neovim's own menu does.
local function apply(action)
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
  return true
end
check(client and client.name == 'proposal_ls', 'client is proposal_ls')

-- Hover on `## Summary`: the template's guidance for the section.
local summary_line
for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  if l == '## Summary' then
    summary_line = i - 1
  end
end
local hovers = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = summary_line or 0, character = 4 },
}, 10000) or {}
local hover_text = ''
for _, r in pairs(hovers) do
  local contents = r.result and r.result.contents
  hover_text = hover_text .. ((contents and (contents.value or contents)) or '')
end
check(type(hover_text) == 'string' and hover_text:find('Summary', 1, true) ~= nil,
  'hover on ## Summary shows its guidance, got: ' .. tostring(hover_text))

-- A quick fix: the title set to the file name, applied by Neovim.
local title_diag
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  if code == 'title-mismatch' then
    title_diag = d
  end
end
local fixed = false
if title_diag then
  -- The LSP diagnostic again (0.7 keeps only part of it in user_data).
  local kept = (title_diag.user_data and title_diag.user_data.lsp) or {}
  local range = {
    start = { line = title_diag.lnum, character = title_diag.col },
    ['end'] = { line = title_diag.end_lnum or title_diag.lnum, character = title_diag.end_col or title_diag.col },
  }
  local lsp_diag = {
    range = range,
    message = title_diag.message,
    severity = title_diag.severity,
    code = 'title-mismatch',
    source = title_diag.source,
    data = kept.data,
  }
  local fix_params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = range,
    context = { diagnostics = { lsp_diag }, only = { 'quickfix' } },
  }
  local fixes = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', fix_params, 10000) or {}
  for _, r in pairs(fixes) do
    for _, action in ipairs(r.result or {}) do
      if not fixed and action.edit and action.title:find('title', 1, true) then
        fixed = apply(action)
      end
    end
  end
end
check(fixed, 'the title-mismatch quick fix was offered and applied')
check(vim.api.nvim_buf_get_lines(buf, 1, 2, false)[1] == 'title: idea',
  'the title is the file name now: ' .. tostring(vim.api.nvim_buf_get_lines(buf, 1, 2, false)[1]))

-- Completion at a heading position: the last line is `##`.
local last = vim.api.nvim_buf_line_count(buf) - 1
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = last, character = 2 },
}
local responses = vim.lsp.buf_request_sync(buf, 'textDocument/completion', params, 10000) or {}
local labels = {}
for _, r in pairs(responses) do
  local items = r.result and (r.result.items or r.result) or {}
  for _, item in ipairs(items) do
    labels[#labels + 1] = item.label
  end
end
check(labels[1] == '## Motivation', 'first completion is the first missing section, got: ' .. table.concat(labels, ', '))

-- The "insert all missing sections" source action, applied by Neovim.
vim.api.nvim_buf_set_lines(buf, last, last + 1, false, {})
local action_params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } },
  context = { diagnostics = {}, only = { 'source' } },
}
-- Let the server see the deleted line first.
vim.wait(500)
local actions = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', action_params, 10000) or {}
local applied = false
for _, r in pairs(actions) do
  for _, action in ipairs(r.result or {}) do
    if action.title == 'Insert all missing required sections' then
      -- Offered without its edit (the server computes it only when asked):
      -- resolve it, as Neovim's own code-action menu does.
      if not action.edit then
        local resolved = vim.lsp.buf_request_sync(buf, 'codeAction/resolve', action, 10000) or {}
        for _, rr in pairs(resolved) do
          action = rr.result or action
        end
      end
      if action.edit then
        applied = apply(action)
      end
    end
  end
end
check(applied, 'source action found and applied')

local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
local headings = {}
for _, l in ipairs(lines) do
  if l:match('^##') then
    headings[#headings + 1] = l
  end
end
local expected = vim.split(os.getenv('EXPECTED_HEADINGS'), '\n', { plain = true })
check(table.concat(headings, '\n') == table.concat(expected, '\n'),
  'headings after the action:\n' .. table.concat(headings, '\n'))
check(vim.tbl_contains(lines, 'Our summary, which stays.'), 'the author text is kept')

-- The server re-diagnoses the edited buffer: no section is missing now.
local cleared = vim.wait(10000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'missing-section' then
      return false
    end
  end
  return true
end, 50)
check(cleared, 'missing-section diagnostics cleared after the edit')

finish()
