import Client
print("x")
