-- Neovim config for the README screenshot (scripts/screenshot.sh).
vim.opt.runtimepath:append(os.getenv('REPO') .. '/editors/neovim')
vim.cmd('filetype on')
vim.cmd('syntax on')
vim.opt.number = true
vim.opt.signcolumn = 'yes'
vim.opt.termguicolors = false
vim.diagnostic.config({ virtual_text = { prefix = '●' }, signs = true, underline = true })
require('proposal_ls').setup({ cmd = { os.getenv('PROPOSAL_LS') } })
