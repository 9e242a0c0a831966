"""What L'apes' network shares on the bare domain (public schema): landlords' calls for projects
(`network.calls`) and the network of practice (`network.practice`)."""
