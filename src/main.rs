fn main() {
    aml_console::start();
}
