-- proposal-ls for Neovim: live checks of proposal markdown against its
-- template. Works with Neovim 0.11+ (vim.lsp.config / vim.lsp.enable), with
-- nvim-lspconfig, and with older Neovim (vim.lsp.start_client, 0.7+).

local M = {}

local TEMPLATE = 'guidelines/enhancement_template.md'

M.defaults = {
  cmd = { 'proposal-ls' },
  filetypes = { 'markdown' },
  -- Sent as initializationOptions, and again on didChangeConfiguration:
  -- { include = {...}, template = '...', severity = {...}, disabled = {...} }
  settings = {},
}

local uv = vim.uv or vim.loop

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function parent(dir)
  local up = vim.fn.fnamemodify(dir, ':h')
  if up == dir then
    return nil
  end
  return up
end

--- The project root for a file: the nearest directory holding
--- guidelines/enhancement_template.md, else the nearest holding .git,
--- else the file's own directory.
function M.root_dir(fname)
  local start = vim.fn.fnamemodify(fname, ':p:h')
  local git
  local dir = start
  while dir do
    if exists(dir .. '/' .. TEMPLATE) then
      return dir
    end
    if not git and exists(dir .. '/.git') then
      git = dir
    end
    dir = parent(dir)
  end
  return git or start
end

local function merged(opts)
  return vim.tbl_deep_extend('force', {}, M.defaults, opts or {})
end

--- The client configuration, in the shape vim.lsp.config and lspconfig take.
function M.config(opts)
  local cfg = merged(opts)
  return {
    cmd = cfg.cmd,
    filetypes = cfg.filetypes,
    init_options = cfg.settings,
    settings = { proposalLs = cfg.settings },
    -- Neovim 0.11+: root_dir(bufnr, on_dir).
    root_dir = function(bufnr, on_dir)
      on_dir(M.root_dir(vim.api.nvim_buf_get_name(bufnr)))
    end,
  }
end

--- Neovim 0.11+: register and enable with the built-in configuration.
local function setup_native(opts)
  vim.lsp.config('proposal_ls', M.config(opts))
  vim.lsp.enable('proposal_ls')
end

--- Older Neovim: start one client per root and attach markdown buffers.
local clients = {}

local function setup_legacy(opts)
  local cfg = merged(opts)
  local group = vim.api.nvim_create_augroup('proposal_ls', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = cfg.filetypes,
    callback = function(args)
      local name = vim.api.nvim_buf_get_name(args.buf)
      if name == '' then
        return
      end
      local root = M.root_dir(name)
      local id = clients[root]
      if not id or not vim.lsp.get_client_by_id(id) then
        id = vim.lsp.start_client({
          name = 'proposal_ls',
          cmd = cfg.cmd,
          root_dir = root,
          workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
          init_options = cfg.settings,
          settings = { proposalLs = cfg.settings },
        })
        clients[root] = id
      end
      if id then
        vim.lsp.buf_attach_client(args.buf, id)
        -- Newer Neovim sets this on attach; 0.7 needs it for <C-x><C-o>.
        vim.bo[args.buf].omnifunc = 'v:lua.vim.lsp.omnifunc'
      end
    end,
  })
end

--- Set proposal-ls up for markdown buffers, with the best API this Neovim has.
function M.setup(opts)
  if vim.lsp.config and vim.lsp.enable then
    setup_native(opts)
  else
    setup_legacy(opts)
  end
end

--- nvim-lspconfig: register `proposal_ls` so that
--- require('lspconfig').proposal_ls.setup({}) works.
function M.lspconfig(opts)
  local configs = require('lspconfig.configs')
  if not configs.proposal_ls then
    local cfg = merged(opts)
    configs.proposal_ls = {
      default_config = {
        cmd = cfg.cmd,
        filetypes = cfg.filetypes,
        root_dir = M.root_dir,
        init_options = cfg.settings,
        settings = { proposalLs = cfg.settings },
      },
      docs = { description = 'proposal-ls: proposal markdown against its template' },
    }
  end
  require('lspconfig').proposal_ls.setup(opts and opts.lspconfig or {})
end

--- Insert every missing required section in the current buffer, through
--- the server's source action.
function M.insert_missing_sections()
  vim.lsp.buf.code_action({
    context = { only = { 'source.insertMissingSections' }, diagnostics = {} },
    apply = true,
  })
end

return M
